"use client";

import { useState } from "react";
import { inviteMember } from "@/lib/actions/invitations";
import { addMember, createGroup } from "@/lib/actions/groups";
import { createServiceAccount } from "@/lib/actions/service-accounts";
import { ActionForm, SubmitButton, fieldError, type FormAction } from "@/components/ui/action-form";
import { Field, Input, Select } from "@/components/ui/field";
import { EmailAccessForm, RoleOptions, type RoleOption } from "./access-forms";

/** Invites an e-mail, optionally with a role. The answer is the same whether or not an account exists. */
export function InviteForm({ tenantId, roles, canBind }: { tenantId: string; roles: RoleOption[]; canBind: boolean }) {
  return (
    <EmailAccessForm
      action={inviteMember}
      idPrefix="invite"
      label="Invite"
      submit="Invite"
      pendingText="Inviting…"
      tenantId={tenantId}
      roles={roles}
      canBind={canBind}
      done={(data) => `Invitation sent to ${(data as { email: string }).email}. They see it once signed in, and choose to accept it.`}
    />
  );
}

/** A name and an optional description: creates (or, with `initial`, edits) a group or a service account. */
export function NameForm({
  action,
  hidden,
  label,
  submit,
  placeholder,
  initial,
}: {
  action: FormAction;
  hidden: Record<string, string>;
  label: string;
  submit: string;
  placeholder?: string;
  initial?: { name: string; description: string | null };
}) {
  const [key, setKey] = useState(0);
  const slug = label.toLowerCase().replace(/\W+/g, "-");
  return (
    <ActionForm key={key} action={action} hidden={hidden} aria-label={label} onSuccess={() => !initial && setKey((k) => k + 1)} successMessage={initial ? "Saved." : undefined} className="px-4 py-3">
      {(state) => (
        <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[1fr_2fr_auto]">
          <Field label="Name" htmlFor={`${slug}-name`} error={fieldError(state, "name")}>
            <Input id={`${slug}-name`} name="name" placeholder={placeholder} defaultValue={initial?.name} autoComplete="off" invalid={Boolean(fieldError(state, "name"))} />
          </Field>
          <Field label="Description" htmlFor={`${slug}-description`} error={fieldError(state, "description")}>
            <Input id={`${slug}-description`} name="description" placeholder="optional" defaultValue={initial?.description ?? ""} autoComplete="off" />
          </Field>
          <div className="flex items-end sm:pt-5">
            <SubmitButton>{submit}</SubmitButton>
          </div>
        </div>
      )}
    </ActionForm>
  );
}

export function CreateGroupForm({ tenantId }: { tenantId: string }) {
  return <NameForm action={createGroup} hidden={{ tenantId }} label="New group" submit="Create group" placeholder="Data team" />;
}

export function CreateServiceAccountForm({ tenantId }: { tenantId: string }) {
  return <NameForm action={createServiceAccount} hidden={{ tenantId }} label="New service account" submit="Create service account" placeholder="ci-deployer" />;
}

/** Adds one of the tenant's members to a group. */
export function AddMemberForm({ tenantId, groupId, candidates }: { tenantId: string; groupId: string; candidates: { id: string; email: string }[] }) {
  const [key, setKey] = useState(0);
  return (
    <ActionForm key={key} action={addMember} hidden={{ tenantId, groupId }} aria-label="Add member" onSuccess={() => setKey((k) => k + 1)} className="px-4 py-3">
      {(state) => (
        <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[2fr_auto]">
          <Field label="Member" htmlFor="member-user" error={fieldError(state, "userId")}>
            <Select id="member-user" name="userId" defaultValue="">
              <option value="" disabled>
                {candidates.length ? "Choose a member of the tenant" : "Every member is in this group"}
              </option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.email}
                </option>
              ))}
            </Select>
          </Field>
          <div className="flex items-end sm:pt-5">
            <SubmitButton>Add member</SubmitButton>
          </div>
        </div>
      )}
    </ActionForm>
  );
}

/** Binds a role to a group or a service account (the action and its id field come with `hidden`). */
export function BindRoleForm({ action, hidden, roles }: { action: FormAction; hidden: Record<string, string>; roles: RoleOption[] }) {
  const [key, setKey] = useState(0);
  return (
    <ActionForm key={key} action={action} hidden={hidden} aria-label="Bind a role" onSuccess={() => setKey((k) => k + 1)} className="px-4 py-3">
      {(state) => (
        <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[1fr_1fr_auto]">
          <Field label="Role" htmlFor="bind-role" error={fieldError(state, "roleId")}>
            <Select id="bind-role" name="roleId" defaultValue="viewer">
              <RoleOptions roles={roles} />
            </Select>
          </Field>
          <Field label="Namespace" htmlFor="bind-ns" error={fieldError(state, "namespaceId")}>
            <Input id="bind-ns" name="namespaceId" placeholder="whole tenant" invalid={Boolean(fieldError(state, "namespaceId"))} />
          </Field>
          <div className="flex items-end sm:pt-5">
            <SubmitButton>Bind role</SubmitButton>
          </div>
        </div>
      )}
    </ActionForm>
  );
}

"use client";

import { useState } from "react";
import { addBinding, grantAccess } from "@/lib/actions/access";
import { ActionForm, SubmitButton, fieldError, type FormAction } from "@/components/ui/action-form";
import { Field, Input, Select } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { Plus } from "@/components/ui/icons";

export type RoleOption = { id: string; name: string; managed: boolean };

export function RoleOptions({ roles }: { roles: RoleOption[] }) {
  const managed = roles.filter((r) => r.managed);
  const custom = roles.filter((r) => !r.managed);
  return (
    <>
      <optgroup label="Managed roles">
        {managed.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </optgroup>
      {custom.length > 0 && (
        <optgroup label="Custom roles">
          {custom.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </optgroup>
      )}
    </>
  );
}

/**
 * An e-mail, and (for who may bind roles) a role and a namespace: the one form behind both
 * granting an existing user access and inviting an e-mail.
 */
export function EmailAccessForm({
  action,
  idPrefix,
  label,
  submit,
  pendingText,
  tenantId,
  roles,
  canBind,
  done,
}: {
  action: FormAction;
  idPrefix: string;
  label: string;
  submit: string;
  pendingText: string;
  tenantId: string;
  roles: RoleOption[];
  canBind: boolean;
  /** The confirmation shown once the action succeeded, from its data. */
  done: (data: unknown) => string;
}) {
  const [key, setKey] = useState(0);
  const [last, setLast] = useState<string | null>(null);
  return (
    <ActionForm
      key={key}
      action={action}
      hidden={{ tenantId }}
      aria-label={label}
      onSuccess={(state) => {
        setLast(state.ok ? done(state.data) : null);
        setKey((k) => k + 1);
      }}
      className="px-4 py-3"
    >
      {(state) => (
        <>
          <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_auto]">
            <Field label="Email" htmlFor={`${idPrefix}-email`} error={fieldError(state, "email")}>
              <Input id={`${idPrefix}-email`} name="email" type="email" placeholder="person@example.com" autoComplete="off" invalid={Boolean(fieldError(state, "email"))} />
            </Field>
            {canBind && (
              <>
                <Field label="Role" htmlFor={`${idPrefix}-role`} error={fieldError(state, "roleId")}>
                  <Select id={`${idPrefix}-role`} name="roleId" defaultValue="viewer">
                    <option value="">No role yet</option>
                    <RoleOptions roles={roles} />
                  </Select>
                </Field>
                <Field label="Namespace" htmlFor={`${idPrefix}-ns`} error={fieldError(state, "namespaceId")}>
                  <Input id={`${idPrefix}-ns`} name="namespaceId" placeholder="whole tenant" invalid={Boolean(fieldError(state, "namespaceId"))} />
                </Field>
              </>
            )}
            <div className="flex items-end sm:pt-5">
              <SubmitButton pendingText={pendingText}>{submit}</SubmitButton>
            </div>
          </div>
          {last && !state && (
            <p role="status" className="mt-2 text-[12px] text-emerald-700">
              {last}
            </p>
          )}
        </>
      )}
    </ActionForm>
  );
}

/** Grants an existing user access by email, optionally with a role. */
export function GrantAccessForm({ tenantId, roles, canBind }: { tenantId: string; roles: RoleOption[]; canBind: boolean }) {
  return (
    <EmailAccessForm
      action={grantAccess}
      idPrefix="grant"
      label="Grant access"
      submit="Grant access"
      pendingText="Granting…"
      tenantId={tenantId}
      roles={roles}
      canBind={canBind}
      done={(data) => {
        const { email, created } = data as { email: string; created: boolean };
        return created ? `Access granted to ${email}.` : `${email} already had access; role added if chosen.`;
      }}
    />
  );
}

/** Binds one more role to a member, for the tenant or one namespace. */
export function AddBindingForm({ tenantId, userId, email, roles }: { tenantId: string; userId: string; email: string; roles: RoleOption[] }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setOpen(true)} aria-label={`Add a role to ${email}`}>
        <Plus size={14} /> Add role
      </button>
    );
  }
  return (
    <ActionForm action={addBinding} hidden={{ tenantId, userId }} onSuccess={() => setOpen(false)} className="mt-1" aria-label={`Add a role to ${email}`}>
      {(state) => (
        <div className="flex flex-wrap items-center gap-1.5">
          <label className="sr-only" htmlFor={`role-${userId}`}>
            Role
          </label>
          <Select id={`role-${userId}`} name="roleId" className="h-7 w-36 text-[12px]" defaultValue="viewer" autoFocus>
            <RoleOptions roles={roles} />
          </Select>
          <label className="sr-only" htmlFor={`ns-${userId}`}>
            Namespace
          </label>
          <Input id={`ns-${userId}`} name="namespaceId" placeholder="namespace (optional)" className="h-7 w-44 text-[12px]" invalid={Boolean(fieldError(state, "namespaceId"))} />
          <SubmitButton size="sm">Add</SubmitButton>
          <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setOpen(false)}>
            Cancel
          </button>
        </div>
      )}
    </ActionForm>
  );
}

"use client";

import { useMemo, useRef, useState } from "react";
import { createRole, updateRole } from "@/lib/actions/roles";
import { ActionForm, SubmitButton, fieldError } from "@/components/ui/action-form";
import { Field, Input, Textarea } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { Plus } from "@/components/ui/icons";
import { ACTIONS, RESOURCES, type PermissionMap } from "@/lib/permissions";
import { RESOURCE_LABELS } from "@/lib/ui/labels";
import { cn } from "@/lib/ui/cn";

const key = (resource: string, action: string) => `${resource}:${action}`;

function toSet(permissions: PermissionMap): Set<string> {
  const out = new Set<string>();
  for (const [resource, actions] of Object.entries(permissions)) for (const a of actions ?? []) out.add(key(resource, a));
  return out;
}

/**
 * The resources × actions grid of a role. Checkboxes post as `permissions[]=FLOW:READ`;
 * the row's first box toggles the whole row.
 */
function PermissionMatrix({ value, onChange, disabled }: { value: Set<string>; onChange: (next: Set<string>) => void; disabled: boolean }) {
  const toggle = (k: string) => {
    const next = new Set(value);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    onChange(next);
  };
  const toggleRow = (resource: string, on: boolean) => {
    const next = new Set(value);
    for (const a of ACTIONS) {
      if (on) next.add(key(resource, a));
      else next.delete(key(resource, a));
    }
    onChange(next);
  };
  return (
    <div className="relative overflow-x-auto">
      <table className="data-table" aria-label="Permissions">
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col" className="w-10 !px-1 text-center sm:w-16 sm:!px-3">All</th>
            {ACTIONS.map((a) => (
              <th key={a} scope="col" className="w-12 !px-1 text-center sm:w-20 sm:!px-3">
                {a.toLowerCase()}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {RESOURCES.map((r) => {
            const count = ACTIONS.filter((a) => value.has(key(r, a))).length;
            return (
              <tr key={r}>
                <th scope="row" className="!h-10 !border-b !border-zinc-100 !bg-transparent !pr-1 !text-[13px] !font-normal !tracking-normal !whitespace-normal !normal-case sm:!pr-3">
                  <span className="font-medium text-zinc-900">{RESOURCE_LABELS[r].label}</span>
                  <span className="ml-2 hidden text-[12px] text-zinc-500 sm:inline">{RESOURCE_LABELS[r].hint}</span>
                </th>
                <td className="!px-1 text-center sm:!px-3">
                  <input
                    type="checkbox"
                    className="size-4 accent-zinc-900"
                    aria-label={`All ${RESOURCE_LABELS[r].label} permissions`}
                    checked={count === ACTIONS.length}
                    ref={(el) => {
                      if (el) el.indeterminate = count > 0 && count < ACTIONS.length;
                    }}
                    onChange={(e) => toggleRow(r, e.target.checked)}
                    disabled={disabled}
                  />
                </td>
                {ACTIONS.map((a) => (
                  <td key={a} className="!px-1 text-center sm:!px-3">
                    <input
                      type="checkbox"
                      name="permissions[]"
                      value={key(r, a)}
                      className="size-4 accent-brand-600"
                      aria-label={`${RESOURCE_LABELS[r].label}: ${a.toLowerCase()}`}
                      checked={value.has(key(r, a))}
                      onChange={() => toggle(key(r, a))}
                      disabled={disabled}
                    />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Name, description and permission matrix of one role, saved together. */
export function RoleEditor({
  tenantId,
  role,
  canUpdate,
}: {
  tenantId: string;
  role: { id: string; name: string; description: string | null; managed: boolean; permissions: PermissionMap };
  canUpdate: boolean;
}) {
  const initial = useMemo(() => toSet(role.permissions), [role.permissions]);
  const [perms, setPerms] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [dirtyText, setDirtyText] = useState(false);
  const dirty = dirtyText || perms.size !== saved.size || [...perms].some((p) => !saved.has(p));
  return (
    <ActionForm
      action={updateRole}
      hidden={{ tenantId, roleId: role.id }}
      onSuccess={() => {
        setSaved(new Set(perms));
        setDirtyText(false);
      }}
      successMessage={dirty ? undefined : "Saved."}
      aria-label="Edit role"
    >
      {(state) => (
        <>
          <div className="grid grid-cols-1 gap-3 px-4 py-3 md:grid-cols-2">
            <Field label="Name" htmlFor="role-name" hint={role.managed ? "Managed roles keep their name." : undefined} error={fieldError(state, "name")}>
              <Input
                id="role-name"
                name={role.managed ? undefined : "name"}
                defaultValue={role.name}
                disabled={role.managed || !canUpdate}
                onChange={() => setDirtyText(true)}
                invalid={Boolean(fieldError(state, "name"))}
              />
            </Field>
            <Field label="Description" htmlFor="role-description" error={fieldError(state, "description")}>
              <Input id="role-description" name="description" defaultValue={role.description ?? ""} disabled={!canUpdate} onChange={() => setDirtyText(true)} />
            </Field>
          </div>
          <div className="border-t border-zinc-200">
            <PermissionMatrix value={perms} onChange={setPerms} disabled={!canUpdate} />
          </div>
          {canUpdate && (
            <div className="flex flex-wrap items-center justify-end gap-3 border-t border-zinc-200 px-4 py-2.5">
              {dirty && <span className="text-[12px] text-amber-700">Unsaved changes</span>}
              <SubmitButton pendingText="Saving…" disabled={!dirty}>
                Save role
              </SubmitButton>
            </div>
          )}
        </>
      )}
    </ActionForm>
  );
}

/** A dialog asking a new role's name; the role opens afterwards for its permissions. */
export function NewRoleButton({ tenantId }: { tenantId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <>
      <button
        type="button"
        className={buttonClass("primary")}
        onClick={() => {
          setFormKey((k) => k + 1);
          dialog.current?.showModal();
        }}
      >
        <Plus size={14} /> New role
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="new-role-title"
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-zinc-200 bg-white p-0 shadow-xl backdrop:bg-zinc-900/40"
      >
        <ActionForm key={formKey} action={createRole} hidden={{ tenantId }} className="p-4">
          {(state) => (
            <>
              <h2 id="new-role-title" className="text-[14px] font-semibold">
                New role
              </h2>
              <p className="mt-1 text-[13px] text-zinc-500">Name it now; choose its permissions on the next page.</p>
              <div className="mt-3 space-y-3">
                <Field label="Name" htmlFor="new-role-name" error={fieldError(state, "name")}>
                  <Input id="new-role-name" name="name" autoFocus placeholder="Release manager" invalid={Boolean(fieldError(state, "name"))} />
                </Field>
                <Field label="Description" htmlFor="new-role-description" error={fieldError(state, "description")}>
                  <Textarea id="new-role-description" name="description" rows={2} placeholder="What this role is for" />
                </Field>
              </div>
              <div className={cn("mt-4 flex justify-end gap-2")}>
                <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
                  Cancel
                </button>
                <SubmitButton pendingText="Creating…">Create role</SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      </dialog>
    </>
  );
}

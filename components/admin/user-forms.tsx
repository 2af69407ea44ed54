"use client";

import { useState } from "react";
import { createUser, grantTenantRole } from "@/lib/actions/users";
import { ActionForm, SubmitButton, fieldError } from "@/components/ui/action-form";
import { Field, Input, Select } from "@/components/ui/field";
import type { TenantRoles } from "@/lib/ui/admin";

/** Creates an account with a password; superadmin is a deliberate tick. */
export function CreateUserForm() {
  const [key, setKey] = useState(0);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <ActionForm
      key={key}
      action={createUser}
      aria-label="Create user"
      onSuccess={(state) => {
        setCreated(state.ok ? (state.data as { email: string }).email : null);
        setKey((k) => k + 1);
      }}
      className="px-4 py-3"
    >
      {(state) => (
        <>
          <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <Field label="Email" htmlFor="user-email" error={fieldError(state, "email")}>
              <Input id="user-email" name="email" type="email" autoComplete="off" placeholder="person@example.com" invalid={Boolean(fieldError(state, "email"))} />
            </Field>
            <Field label="First name" htmlFor="user-first" error={fieldError(state, "firstName")}>
              <Input id="user-first" name="firstName" autoComplete="off" />
            </Field>
            <Field label="Last name" htmlFor="user-last" error={fieldError(state, "lastName")}>
              <Input id="user-last" name="lastName" autoComplete="off" />
            </Field>
            <Field label="Password" htmlFor="user-password" hint="At least 8 characters." error={fieldError(state, "password")}>
              <Input id="user-password" name="password" type="password" autoComplete="new-password" invalid={Boolean(fieldError(state, "password"))} />
            </Field>
          </div>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
            <label className="flex items-center gap-2 text-[13px]">
              <input type="checkbox" name="superAdmin" className="size-4 accent-zinc-900" />
              Superadmin <span className="text-zinc-500">(every tenant, and this Administration area)</span>
            </label>
            <SubmitButton pendingText="Creating…">Create user</SubmitButton>
          </div>
          {created && !state && (
            <p role="status" className="mt-2 text-[12px] text-emerald-700">
              {created} can now sign in. Grant them a tenant from their access page.
            </p>
          )}
        </>
      )}
    </ActionForm>
  );
}

/** Tenant picker and role picker (that tenant's managed and custom roles): access and role in one step. */
export function GrantTenantRoleForm({ userId, tenants }: { userId: string; tenants: TenantRoles[] }) {
  const [tenantId, setTenantId] = useState("");
  const [key, setKey] = useState(0);
  const [granted, setGranted] = useState<string | null>(null);
  const tenant = tenants.find((t) => t.id === tenantId);
  const managed = tenant?.roles.filter((r) => r.managed) ?? [];
  const custom = tenant?.roles.filter((r) => !r.managed) ?? [];
  return (
    <ActionForm
      key={key}
      action={grantTenantRole}
      hidden={{ userId }}
      aria-label="Grant tenant access"
      onSuccess={(_, sent) => {
        const to = tenants.find((t) => t.id === sent.get("tenantId"));
        const role = to?.roles.find((r) => r.id === sent.get("roleId"));
        const namespace = String(sent.get("namespaceId") ?? "").trim();
        setGranted(`Access to ${to?.name ?? sent.get("tenantId")} granted, with the role ${role?.name ?? sent.get("roleId")} ${namespace ? `in ${namespace}` : "on the whole tenant"}.`);
        setTenantId("");
        setKey((k) => k + 1);
      }}
      className="px-4 py-3"
    >
      {(state) => (
        <>
          <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-2 lg:grid-cols-[1.3fr_1fr_1fr_auto]">
            <Field label="Tenant" htmlFor="grant-tenant" error={fieldError(state, "tenantId")}>
              <Select id="grant-tenant" name="tenantId" value={tenantId} onChange={(e) => setTenantId(e.target.value)} invalid={Boolean(fieldError(state, "tenantId"))}>
                <option value="">Choose a tenant…</option>
                {tenants.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name} ({t.id})
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Role" htmlFor="grant-role" error={fieldError(state, "roleId")}>
              <Select key={tenantId} id="grant-role" name="roleId" defaultValue={tenant ? "viewer" : ""} disabled={!tenant} invalid={Boolean(fieldError(state, "roleId"))}>
                {!tenant && <option value="">Choose a tenant first</option>}
                {managed.length > 0 && (
                  <optgroup label="Managed roles">
                    {managed.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </optgroup>
                )}
                {custom.length > 0 && (
                  <optgroup label="Custom roles">
                    {custom.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.name}
                      </option>
                    ))}
                  </optgroup>
                )}
              </Select>
            </Field>
            <Field label="Namespace" htmlFor="grant-namespace" error={fieldError(state, "namespaceId")}>
              <Input id="grant-namespace" name="namespaceId" placeholder="whole tenant" invalid={Boolean(fieldError(state, "namespaceId"))} />
            </Field>
            <div className="flex items-end sm:pt-5">
              <SubmitButton pendingText="Granting…">Grant</SubmitButton>
            </div>
          </div>
          {granted && !state && (
            <p role="status" className="mt-2 text-[12px] text-emerald-700">
              {granted}
            </p>
          )}
        </>
      )}
    </ActionForm>
  );
}

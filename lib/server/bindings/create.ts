import type { Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { createBinding as insertBinding, getRole, hasTenantAccess, type BindingType } from "@/db/queries/access";
import { getGroup, getServiceAccount } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

export type NewBinding = { type: BindingType; externalId: string; roleId: string; namespaceId?: string | null };

/** Inside the caller's transaction: the binding, checked (role exists, user has access) and audited. */
export async function insertCheckedBinding(tx: Tx, actor: Actor, input: NewBinding) {
  if (!(await getRole(tx, { id: input.roleId }))) {
    throw new ApiError("unprocessable", `No role ${input.roleId} in this tenant: it no longer exists.`, [{ path: "roleId", message: "no such role" }]);
  }
  if (input.type === "USER" && !(await hasTenantAccess(tx, { tenantId: actor.tenantId, userId: input.externalId }))) {
    throw new ApiError("unprocessable", "This user has no access to the tenant; grant access first.", [{ path: "externalId", message: "no tenant access" }]);
  }
  if (input.type === "GROUP" && !(await getGroup(tx, { id: input.externalId }))) {
    throw new ApiError("unprocessable", `No group ${input.externalId} in this tenant.`, [{ path: "externalId", message: "no such group" }]);
  }
  if (input.type === "SERVICE_ACCOUNT" && !(await getServiceAccount(tx, { id: input.externalId }))) {
    throw new ApiError("unprocessable", `No service account ${input.externalId} in this tenant.`, [{ path: "externalId", message: "no such service account" }]);
  }
  const body = { ...input, namespaceId: input.namespaceId ?? null };
  const binding = await insertBinding(tx, { tenantId: actor.tenantId, ...body });
  await audit(tx, actor, { action: "CREATE", resourceType: "BINDING", resourceId: binding.id, detail: body });
  return binding;
}

/** Binds a role to a member, for the whole tenant or one namespace and its children (BINDING:CREATE). */
export async function createBinding(actor: Actor, input: NewBinding) {
  actor.require("BINDING", "CREATE");
  return withTenant(actor, (tx) => insertCheckedBinding(tx, actor, input));
}

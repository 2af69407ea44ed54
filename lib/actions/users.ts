"use server";

import { z } from "zod";
import { asSuperadmin } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";
import { getUser } from "@/db/queries/users";
import { createBinding, findBindings, getRole, grantTenantAccess, recordAudit, revokeTenantAccess, deleteBinding } from "@/db/queries/access";
import { namespaceSchema } from "@/lib/api/schemas";
import { createUserAccount } from "@/lib/api/users";
import { ActionError, optionalText, superadminAction } from "./wrapper";

const id = z.string().min(1).max(64);

/** Creates an account; with MULTI_TENANCY=false it also enters the one tenant. */
export const createUser = superadminAction(
  {
    input: z.object({
      email: z.email("Enter a valid email address").max(320),
      password: z.string().min(8, "Use at least 8 characters").max(1024),
      firstName: optionalText(100),
      lastName: optionalText(100),
      superAdmin: z.string().optional().transform((v) => v === "on" || v === "true"),
    }),
  },
  async ({ input, user }) => {
    const created = await createUserAccount(user.id, input);
    return { id: created.id, email: created.email };
  },
);

/**
 * Grants a user access to a tenant with a role, in one step and one transaction scoped
 * to that tenant (so the rows pass row-level security), with an entry in both the
 * instance and the tenant audit logs.
 */
export const grantTenantRole = superadminAction(
  {
    input: z.object({
      userId: id,
      tenantId: z.string().min(1, "Choose a tenant").max(64),
      roleId: z.string().min(1, "Choose a role").max(64),
      namespaceId: optionalText(150).pipe(namespaceSchema.optional()),
    }),
  },
  async ({ input, user }) => {
    const { userId, tenantId, roleId } = input;
    const namespaceId = input.namespaceId ?? null;
    await asSuperadmin(
      { actorId: user.id, action: "GRANT", targetType: "TENANT_ACCESS", targetId: `${tenantId}/${userId}`, detail: JSON.stringify({ roleId, namespaceId }), tenantId },
      async (tx) => {
        if (!(await getTenant(tx, { id: tenantId }))) throw new ActionError("This tenant no longer exists.", { tenantId: "no such tenant" });
        const target = await getUser(tx, { id: userId });
        if (!target) throw new ActionError("This user no longer exists.");
        if (!(await getRole(tx, { id: roleId }))) throw new ActionError("This role does not exist in the tenant.", { roleId: "no such role" });
        const { created } = await grantTenantAccess(tx, { tenantId, userId });
        if (created) {
          await recordAudit(tx, { tenantId, actorId: user.id, action: "CREATE", resourceType: "TENANT_ACCESS", resourceId: userId, detail: { email: target.email } });
        }
        const { results } = await findBindings(tx, { page: 1, size: 1000, externalId: userId });
        if (results.some((b) => b.type === "USER" && b.roleId === roleId && b.namespaceId === namespaceId)) return;
        const body = { type: "USER" as const, externalId: userId, roleId, namespaceId };
        const binding = await createBinding(tx, { tenantId, ...body });
        await recordAudit(tx, { tenantId, actorId: user.id, action: "CREATE", resourceType: "BINDING", resourceId: binding.id, detail: body });
      },
    );
  },
);

/** Removes a user's access to a tenant with all their bindings there. */
export const revokeTenantAccessOf = superadminAction(
  { input: z.object({ userId: id, tenantId: id }) },
  async ({ input, user }) => {
    const { userId, tenantId } = input;
    await asSuperadmin(
      { actorId: user.id, action: "REVOKE", targetType: "TENANT_ACCESS", targetId: `${tenantId}/${userId}`, tenantId },
      async (tx) => {
        const revoked = await revokeTenantAccess(tx, { userId });
        if (!revoked) throw new ActionError("This user has no access to the tenant any more.");
        await recordAudit(tx, { tenantId, actorId: user.id, action: "DELETE", resourceType: "TENANT_ACCESS", resourceId: userId });
      },
    );
  },
);

/** Removes one of a user's role bindings in a tenant, keeping their access. */
export const removeTenantBinding = superadminAction(
  { input: z.object({ tenantId: id, bindingId: id }) },
  async ({ input, user }) => {
    const { tenantId, bindingId } = input;
    await asSuperadmin(
      { actorId: user.id, action: "DELETE", targetType: "BINDING", targetId: `${tenantId}/${bindingId}`, tenantId },
      async (tx) => {
        if (!(await deleteBinding(tx, { id: bindingId }))) throw new ActionError("This binding was already removed.");
        await recordAudit(tx, { tenantId, actorId: user.id, action: "DELETE", resourceType: "BINDING", resourceId: bindingId });
      },
    );
  },
);

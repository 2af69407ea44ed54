"use server";

import { z } from "zod";
import { namespaceSchema } from "@/lib/api/schemas";
import { grantTenantAccess, revokeTenantAccess } from "@/lib/server/access";
import { actorOf, type Actor } from "@/lib/server/actor";
import { deleteBinding } from "@/lib/server/bindings";
import { createUserAccount } from "@/lib/server/users";
import { resolveTenantAccess } from "@/lib/ui/tenant";
import type { SessionUser } from "@/lib/ui/session";
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
    const created = await createUserAccount({ userId: user.id, superAdmin: user.superAdmin }, input);
    return { id: created.id, email: created.email };
  },
);

/**
 * The superadmin acting in a tenant from the admin pages: the same use cases as the
 * tenant's own members page, audited in that tenant.
 */
async function inTenant(user: SessionUser, tenantId: string): Promise<Actor> {
  const access = await resolveTenantAccess(user, tenantId);
  if (!access) throw new ActionError("This tenant no longer exists.", { tenantId: "no such tenant" });
  return actorOf({ tenantId, userId: user.id, grants: access.grants, superAdmin: user.superAdmin });
}

/** Grants a user access to a tenant with a role, in one step and one transaction. */
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
    const actor = await inTenant(user, input.tenantId);
    await grantTenantAccess(actor, { userId: input.userId, role: { roleId: input.roleId, namespaceId: input.namespaceId ?? null } });
  },
);

/** Removes a user's access to a tenant with all their bindings there. */
export const revokeTenantAccessOf = superadminAction({ input: z.object({ userId: id, tenantId: id }) }, async ({ input, user }) => {
  await revokeTenantAccess(await inTenant(user, input.tenantId), { userId: input.userId });
});

/** Removes one of a user's role bindings in a tenant, keeping their access. */
export const removeTenantBinding = superadminAction({ input: z.object({ tenantId: id, bindingId: id }) }, async ({ input, user }) => {
  await deleteBinding(await inTenant(user, input.tenantId), { id: input.bindingId });
});

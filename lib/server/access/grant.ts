import { withTenant } from "@/db/tenant";
import { getUser, getUserByEmail } from "@/db/queries/users";
import { findBindings, getTenantAccess, grantTenantAccess as insertAccess } from "@/db/queries/access";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";
import { insertCheckedBinding } from "../bindings/create";

export type GrantAccess = ({ userId: string; email?: undefined } | { email: string; userId?: undefined }) & {
  /** A role to bind in the same step (needs BINDING:CREATE too), for the tenant or one namespace. */
  role?: { roleId: string; namespaceId?: string | null };
};

/**
 * Lets a user enter the tenant directly, by id or email: superadmins only (issue 10,
 * finding 6). A tenant admin invites instead (lib/server/invitations): the person
 * consents, and nobody learns from the answer whether an account exists. Granting again
 * changes nothing and records nothing. With `role`, also binds it, audited on its own.
 */
export async function grantTenantAccess(actor: Actor, input: GrantAccess) {
  actor.require("TENANT_ACCESS", "CREATE");
  if (!actor.superAdmin) {
    throw new ApiError("forbidden", "Only a superadmin adds a user directly; invite the e-mail instead (POST /invitations).");
  }
  if (input.role) actor.require("BINDING", "CREATE");
  return withTenant(actor, async (tx) => {
    const user = input.userId ? await getUser(tx, { id: input.userId }) : await getUserByEmail(tx, { email: input.email! });
    if (!user) {
      const path = input.userId ? "userId" : "email";
      throw new ApiError("unprocessable", `No user has this ${path === "email" ? "email" : "id"}. A superadmin creates accounts.`, [{ path, message: "no such user" }]);
    }
    const { created } = await insertAccess(tx, { tenantId: actor.tenantId, userId: user.id });
    if (created) await audit(tx, actor, { action: "CREATE", resourceType: "TENANT_ACCESS", resourceId: user.id, detail: { email: user.email } });
    if (input.role) {
      const { roleId, namespaceId = null } = input.role;
      // Granting the same role again changes nothing.
      const { results } = await findBindings(tx, { page: 1, size: 1000, externalId: user.id });
      if (!results.some((b) => b.type === "USER" && b.roleId === roleId && b.namespaceId === namespaceId)) {
        await insertCheckedBinding(tx, actor, { type: "USER", externalId: user.id, roleId, namespaceId });
      }
    }
    return { access: (await getTenantAccess(tx, { userId: user.id }))!, created };
  });
}

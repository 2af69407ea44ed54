import { withInstance, withTenant } from "@/db/tenant";
import { findTenants } from "@/db/queries/tenants";
import { findBindings, findRoles, getTenantAccess } from "@/db/queries/access";

export type TenantRoles = { id: string; name: string; color: string; roles: { id: string; name: string; managed: boolean }[] };
export type UserMembership = {
  tenant: { id: string; name: string; color: string };
  since: Date;
  bindings: { id: string; roleId: string; roleName: string; namespace: string | null }[];
};

/**
 * For the superadmin's user page: every tenant with its roles (for the pickers) and the
 * user's access and bindings in each. One transaction per tenant, each scoped to that
 * tenant, because tenant rows are only visible through their own tenant's door.
 */
export async function loadUserAccess({ actorId, userId }: { actorId: string; userId: string }) {
  const { results: tenants } = await withInstance((tx) => findTenants(tx, { page: 1, size: 1000 }));
  const tenantRoles: TenantRoles[] = [];
  const memberships: UserMembership[] = [];
  for (const t of tenants) {
    const { roles, access, bindings } = await withTenant({ tenantId: t.id, userId: actorId }, async (tx) => ({
      roles: (await findRoles(tx, { page: 1, size: 500 })).results,
      access: await getTenantAccess(tx, { userId }),
      bindings: (await findBindings(tx, { page: 1, size: 500, externalId: userId })).results,
    }));
    const summary = { id: t.id, name: t.name, color: t.color };
    tenantRoles.push({ ...summary, roles: roles.map((r) => ({ id: r.id, name: r.name, managed: r.managed })) });
    if (access) {
      const names = new Map(roles.map((r) => [r.id, r.name]));
      memberships.push({
        tenant: summary,
        since: access.createdAt,
        bindings: bindings
          .filter((b) => b.type === "USER")
          .map((b) => ({ id: b.id, roleId: b.roleId, roleName: names.get(b.roleId) ?? b.roleId, namespace: b.namespaceId })),
      });
    }
  }
  return { tenantRoles, memberships };
}

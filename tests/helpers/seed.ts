import { asSuperadmin, withTenant } from "@/db/tenant";
import { createTenant } from "@/db/queries/tenants";
import { createUser } from "@/db/queries/users";
import { createBinding, grantTenantAccess } from "@/db/queries/access";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/ids";

/** A tenant id no other test uses. */
export function uniqueTenantId(prefix = "t"): string {
  return `${prefix}-${newId(10).toLowerCase()}`;
}

export async function seedTenant(id = uniqueTenantId(), name = `Tenant ${id}`) {
  const tenant = await asSuperadmin({ actorId: null, action: "CREATE", targetType: "TENANT", targetId: id, tenantId: id }, (tx) =>
    createTenant(tx, { id, name }),
  );
  if (!tenant) throw new Error(`tenant ${id} exists`);
  return tenant;
}

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery";

/** A user; `access` grants tenants, `roles` binds a managed role per tenant. */
export async function seedUser(opts: { superAdmin?: boolean; access?: string[]; roles?: Record<string, string> } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const email = `u-${newId(8).toLowerCase()}@example.test`;
  const passwordHash = await cachedHash;
  const user = await asSuperadmin({ actorId: null, action: "CREATE", targetType: "USER", targetId: email }, (tx) =>
    createUser(tx, { email, passwordHash, superAdmin: opts.superAdmin ?? false }),
  );
  if (!user) throw new Error("user exists");
  for (const tenantId of opts.access ?? []) {
    await withTenant({ tenantId }, async (tx) => {
      await grantTenantAccess(tx, { tenantId, userId: user.id });
      const roleId = opts.roles?.[tenantId];
      if (roleId) await createBinding(tx, { tenantId, type: "USER", externalId: user.id, roleId });
    });
  }
  return { ...user, password: TEST_PASSWORD };
}

export function basicAuth(email: string, password = TEST_PASSWORD): string {
  return `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;
}

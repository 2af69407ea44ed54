import { asSuperadmin } from "@/db/tenant";
import { createUser } from "@/db/queries/users";
import { grantTenantAccess } from "@/db/queries/access";
import { hashPassword } from "@/lib/auth/password";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";
import { DEFAULT_TENANT } from "@/lib/env";
import { isMultiTenant } from "@/lib/tenancy";

/**
 * Creates a user (superadmins only). With MULTI_TENANCY=false every user enters the one
 * tenant, so access to `main` comes with the account; roles are still granted apart.
 */
export async function createUserAccount(
  actor: InstanceActor,
  input: { email: string; password: string; firstName?: string | null; lastName?: string | null; superAdmin?: boolean },
) {
  requireSuperadmin(actor);
  const actorId = actor.userId;
  const passwordHash = await hashPassword(input.password);
  const single = !isMultiTenant();
  const user = await asSuperadmin(
    { actorId, action: "CREATE", targetType: "USER", targetId: input.email, tenantId: single ? DEFAULT_TENANT : undefined },
    async (tx) => {
      const created = await createUser(tx, { ...input, passwordHash });
      if (!created) throw new ApiError("conflict", `A user with email ${input.email} already exists`, [{ path: "email", message: "already exists" }]);
      if (single) await grantTenantAccess(tx, { tenantId: DEFAULT_TENANT, userId: created.id });
      return created;
    },
  );
  return user;
}

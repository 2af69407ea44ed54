import { withUser } from "@/db/tenant";
import { listAccessibleTenants } from "@/db/queries/tenants";
import { publicUser } from "@/db/queries/users";
import { instanceRoute } from "@/lib/api/route";
import { publicTenant } from "@/lib/api/views";

/** The caller and the tenants they may enter. */
export const GET = instanceRoute({ self: true }, async ({ caller }) => {
  const tenants = await withUser(caller.user.id, (tx) =>
    listAccessibleTenants(tx, { userId: caller.user.id, superAdmin: caller.user.superAdmin }),
  );
  return { ...publicUser(caller.user), tenants: tenants.map(publicTenant) };
});

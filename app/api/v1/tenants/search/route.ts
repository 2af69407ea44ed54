import { withInstance } from "@/db/tenant";
import { findTenants } from "@/db/queries/tenants";
import { instanceRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { adminTenant } from "@/lib/api/views";

export const GET = instanceRoute({ query: pageQuery }, async ({ query }) => {
  const { results, total } = await withInstance((tx) => findTenants(tx, query));
  return paged(results.map(adminTenant), total);
});

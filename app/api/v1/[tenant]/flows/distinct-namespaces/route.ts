import { withTenant } from "@/db/tenant";
import { distinctNamespaces } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { namespaceScope } from "@/lib/permissions";

export const GET = tenantRoute({ permission: ["FLOW", "READ"] }, async ({ ctx, grants }) =>
  withTenant(ctx, (tx) => distinctNamespaces(tx, { scope: namespaceScope(grants, "FLOW", "READ") })),
);

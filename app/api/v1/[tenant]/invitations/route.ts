import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findInvitations, publicInvitation } from "@/db/queries/iam";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { invitationBody } from "@/lib/api/schemas";
import { createInvitation } from "@/lib/server/invitations";

const invitationQuery = pageQuery.extend({ q: z.string().max(320).optional(), status: z.enum(["PENDING", "ACCEPTED", "DECLINED"]).optional() });

export const GET = tenantRoute({ permission: ["TENANT_ACCESS", "READ"], query: invitationQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findInvitations(tx, query));
  return paged(results.map(publicInvitation), total);
});

/** The same answer whether or not an account has this e-mail. */
export const POST = tenantRoute(
  { permission: ["TENANT_ACCESS", "CREATE"], body: invitationBody },
  async ({ actor, body }) => publicInvitation(await createInvitation(actor, body)),
  201,
);

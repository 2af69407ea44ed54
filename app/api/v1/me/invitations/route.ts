import { withUser } from "@/db/tenant";
import { myPendingInvitations } from "@/db/queries/iam";
import { instanceRoute } from "@/lib/api/route";

/** The caller's pending invitations, in every tenant (accepted or declined from the UI). */
export const GET = instanceRoute({ self: true }, async ({ caller }) => {
  const rows = await withUser(caller.user.id, (tx) => myPendingInvitations(tx));
  const results = rows.map((r) => ({
    id: r.id,
    tenantId: r.tenantId,
    tenantName: r.tenantName,
    bindings: r.bindings,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
  }));
  return { results, total: results.length };
});

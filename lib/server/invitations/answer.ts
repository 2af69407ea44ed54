import { and, eq } from "drizzle-orm";
import { withTenant } from "@/db/tenant";
import { createBinding, getRole, grantTenantAccess } from "@/db/queries/access";
import { answerInvitation, getGroup, getInvitation, insertGroupMember } from "@/db/queries/iam";
import { getUser } from "@/db/queries/users";
import { bindings as bindingsTable } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import { isTenantId } from "@/lib/tenancy";
import { actorOf } from "../actor";
import { audit } from "../audit";

const notFound = () => new ApiError("not_found", "Invitation not found");

/**
 * The invited person answers (their consent, so no permission is needed): accepting gives
 * tenant access and the invitation's bindings (roles deleted since are skipped), declining
 * closes it. Only the user whose e-mail was invited finds it; anyone else gets a 404.
 */
export async function answerInvitationAs(user: { id: string }, input: { tenantId: string; id: string; accept: boolean }) {
  if (!isTenantId(input.tenantId)) throw notFound();
  const actor = actorOf({ tenantId: input.tenantId, userId: user.id, grants: [] });
  return withTenant(actor, async (tx) => {
    const [me, invitation] = await Promise.all([getUser(tx, { id: user.id }), getInvitation(tx, { id: input.id })]);
    if (!me || !invitation || invitation.email.toLowerCase() !== me.email.toLowerCase()) throw notFound();
    if (invitation.status !== "PENDING" || invitation.expiresAt.getTime() <= Date.now()) {
      throw new ApiError("conflict", "This invitation was already answered or has expired.");
    }
    const answered = await answerInvitation(tx, { id: invitation.id, status: input.accept ? "ACCEPTED" : "DECLINED" });
    if (!answered) throw new ApiError("conflict", "This invitation was already answered.");
    const bound: string[] = [];
    if (input.accept) {
      await grantTenantAccess(tx, { tenantId: input.tenantId, userId: me.id });
      const existing = await tx
        .select({ roleId: bindingsTable.roleId, namespaceId: bindingsTable.namespaceId })
        .from(bindingsTable)
        .where(and(eq(bindingsTable.type, "USER"), eq(bindingsTable.externalId, me.id)));
      for (const b of invitation.bindings) {
        if ("groupId" in b) {
          // A group deleted since is skipped, like a deleted role.
          if (await getGroup(tx, { id: b.groupId })) await insertGroupMember(tx, { tenantId: input.tenantId, groupId: b.groupId, userId: me.id });
          continue;
        }
        if (!(await getRole(tx, { id: b.roleId }))) continue;
        if (existing.some((e) => e.roleId === b.roleId && e.namespaceId === b.namespaceId)) continue;
        bound.push((await createBinding(tx, { tenantId: input.tenantId, type: "USER", externalId: me.id, roleId: b.roleId, namespaceId: b.namespaceId })).id);
      }
    }
    await audit(tx, actor, {
      action: input.accept ? "ACCEPT" : "DECLINE",
      resourceType: "INVITATION",
      resourceId: invitation.id,
      detail: { email: invitation.email, bindings: bound },
    });
    return answered;
  });
}

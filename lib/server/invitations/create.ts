import { withTenant } from "@/db/tenant";
import { getRole } from "@/db/queries/access";
import { insertInvitation } from "@/db/queries/iam";
import type { InvitationBinding } from "@/db/schema/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** How long an invitation waits for its answer. */
export const INVITATION_DAYS = 7;

/**
 * Invites an e-mail into the tenant (TENANT_ACCESS:CREATE; with bindings, BINDING:CREATE
 * too). The answer is the same whether or not an account has this e-mail: nothing is
 * looked up, nobody is added. The person sees the invitation once signed in and accepts
 * or declines it (accept.ts).
 */
export async function createInvitation(actor: Actor, input: { email: string; bindings?: { roleId: string; namespaceId?: string | null }[] }) {
  actor.require("TENANT_ACCESS", "CREATE");
  const bindings: InvitationBinding[] = (input.bindings ?? []).map((b) => ({ roleId: b.roleId, namespaceId: b.namespaceId ?? null }));
  if (bindings.length) actor.require("BINDING", "CREATE");
  return withTenant(actor, async (tx) => {
    for (const [i, b] of bindings.entries()) {
      if (!(await getRole(tx, { id: b.roleId }))) {
        throw new ApiError("unprocessable", `No role ${b.roleId} in this tenant.`, [{ path: `bindings.${i}.roleId`, message: "no such role" }]);
      }
    }
    const invitation = await insertInvitation(tx, {
      tenantId: actor.tenantId,
      email: input.email.trim().toLowerCase(),
      bindings,
      invitedBy: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    await audit(tx, actor, { action: "CREATE", resourceType: "INVITATION", resourceId: invitation.id, detail: { email: invitation.email, bindings } });
    return invitation;
  });
}

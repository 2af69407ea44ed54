import { withTenant } from "@/db/tenant";
import { getRole } from "@/db/queries/access";
import { getGroup, insertInvitation } from "@/db/queries/iam";
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
export async function createInvitation(
  actor: Actor,
  input: {
    email: string;
    bindings?: { roleId: string; namespaceId?: string | null }[];
    /** Kestra's shape: each role in each of its namespaces, or the whole tenant without any. */
    roles?: { id: string; namespaces?: string[] | null }[];
    /** Groups joined on acceptance. */
    groups?: string[];
  },
) {
  actor.require("TENANT_ACCESS", "CREATE");
  const roleBindings = [
    ...(input.bindings ?? []).map((b, i) => ({ roleId: b.roleId, namespaceId: b.namespaceId ?? null, path: `bindings.${i}.roleId` })),
    ...(input.roles ?? []).flatMap((r, i): { roleId: string; namespaceId: string | null; path: string }[] =>
      r.namespaces?.length ? r.namespaces.map((ns) => ({ roleId: r.id, namespaceId: ns, path: `roles.${i}.id` })) : [{ roleId: r.id, namespaceId: null, path: `roles.${i}.id` }],
    ),
  ];
  const groups = [...new Set(input.groups ?? [])];
  if (roleBindings.length) actor.require("BINDING", "CREATE");
  if (groups.length) actor.require("GROUP", "UPDATE");
  const bindings: InvitationBinding[] = [...roleBindings.map(({ roleId, namespaceId }) => ({ roleId, namespaceId })), ...groups.map((groupId) => ({ groupId }))];
  return withTenant(actor, async (tx) => {
    for (const b of roleBindings) {
      if (!(await getRole(tx, { id: b.roleId }))) {
        throw new ApiError("unprocessable", `No role ${b.roleId} in this tenant.`, [{ path: b.path, message: "no such role" }]);
      }
    }
    for (const [i, groupId] of groups.entries()) {
      if (!(await getGroup(tx, { id: groupId }))) {
        throw new ApiError("unprocessable", `No group ${groupId} in this tenant.`, [{ path: `groups.${i}`, message: "no such group" }]);
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

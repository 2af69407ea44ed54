import { tenantRoute } from "@/lib/api/route";
import { addGroupMember, removeGroupMember } from "@/lib/server/groups";

export const PUT = tenantRoute({ permission: ["GROUP", "UPDATE"] }, async ({ actor, params }) => {
  await addGroupMember(actor, { groupId: params.id, userId: params.userId });
  return undefined;
});

export const DELETE = tenantRoute({ permission: ["GROUP", "UPDATE"] }, async ({ actor, params }) => {
  await removeGroupMember(actor, { groupId: params.id, userId: params.userId });
  return undefined;
});

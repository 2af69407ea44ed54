import { withInstance } from "@/db/tenant";
import { createApiToken } from "@/db/queries/tokens";
import { getUser } from "@/db/queries/users";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";
import { auditInstance } from "../audit";

/**
 * Issues an API token to `userId`: oneself, or anyone for a superadmin. The full value is
 * returned this once. `maxAgeSeconds` null: no expiry.
 */
export async function createToken(actor: InstanceActor, input: { userId: string; name: string; description?: string | null; maxAgeSeconds: number | null }) {
  if (input.userId !== actor.userId) requireSuperadmin(actor);
  return withInstance(async (tx) => {
    if (!(await getUser(tx, { id: input.userId }))) throw new ApiError("not_found", `User ${input.userId} not found`);
    const token = await createApiToken(tx, input);
    await auditInstance(tx, actor, { action: "CREATE", resourceType: "API_TOKEN", resourceId: token.id, detail: { userId: input.userId, name: input.name } });
    return token;
  });
}

import { asSuperadmin } from "@/db/tenant";
import { deleteUser as removeUser } from "@/db/queries/users";
import { forgetVerifiedCredentials } from "@/lib/auth/credentials";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";

/** Deletes a user account (superadmins only; never their own). */
export async function deleteUser(actor: InstanceActor, { id }: { id: string }): Promise<void> {
  requireSuperadmin(actor);
  if (id === actor.userId) throw new ApiError("conflict", "You cannot delete your own account");
  await asSuperadmin({ actorId: actor.userId, action: "DELETE", targetType: "USER", targetId: id }, async (tx) => {
    if (!(await removeUser(tx, id))) throw new ApiError("not_found", `User ${id} not found`);
  });
  forgetVerifiedCredentials();
}

import { asSuperadmin } from "@/db/tenant";
import { getUser, getUserByEmail, updateUser as saveUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { forgetVerifiedCredentials } from "@/lib/auth/credentials";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";

export type UserPatch = { email?: string; password?: string; firstName?: string | null; lastName?: string | null; superAdmin?: boolean };

/** Changes a user's profile, password or superadmin flag (superadmins only; never their own flag). */
export async function updateUser(actor: InstanceActor, { id, patch: body }: { id: string; patch: UserPatch }) {
  requireSuperadmin(actor);
  const { password, ...rest } = body;
  if (id === actor.userId && rest.superAdmin === false) {
    throw new ApiError("unprocessable", "You cannot remove your own superadmin flag", [{ path: "superAdmin", message: "cannot demote yourself" }]);
  }
  const patch = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
  const user = await asSuperadmin({ actorId: actor.userId, action: "UPDATE", targetType: "USER", targetId: id, detail: Object.keys(body).join(",") }, async (tx) => {
    if (!(await getUser(tx, { id }))) throw new ApiError("not_found", `User ${id} not found`);
    const holder = rest.email ? await getUserByEmail(tx, { email: rest.email }) : null;
    if (holder && holder.id !== id) throw new ApiError("conflict", "Another user has this email", [{ path: "email", message: "already exists" }]);
    return (await saveUser(tx, id, patch))!;
  });
  forgetVerifiedCredentials();
  return user;
}

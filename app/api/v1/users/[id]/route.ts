import { asSuperadmin, withInstance } from "@/db/tenant";
import { deleteUser, getUser, getUserByEmail, publicUser, updateUser } from "@/db/queries/users";
import { instanceRoute } from "@/lib/api/route";
import { userUpdateBody } from "@/lib/api/schemas";
import { hashPassword } from "@/lib/auth/password";
import { forgetVerifiedCredentials } from "@/lib/auth/credentials";
import { ApiError } from "@/lib/errors";

const notFound = (id: string) => new ApiError("not_found", `User ${id} not found`);

export const GET = instanceRoute({}, async ({ params }) => {
  const user = await withInstance((tx) => getUser(tx, { id: params.id }));
  if (!user) throw notFound(params.id);
  return publicUser(user);
});

export const PUT = instanceRoute({ body: userUpdateBody }, async ({ caller, params, body }) => {
  const { password, ...rest } = body;
  if (params.id === caller.user.id && rest.superAdmin === false) {
    throw new ApiError("unprocessable", "You cannot remove your own superadmin flag", [{ path: "superAdmin", message: "cannot demote yourself" }]);
  }
  const patch = { ...rest, ...(password ? { passwordHash: await hashPassword(password) } : {}) };
  const user = await asSuperadmin(
    { actorId: caller.user.id, action: "UPDATE", targetType: "USER", targetId: params.id, detail: Object.keys(body).join(",") },
    async (tx) => {
      if (!(await getUser(tx, { id: params.id }))) return null;
      const holder = rest.email ? await getUserByEmail(tx, { email: rest.email }) : null;
      if (holder && holder.id !== params.id) {
        throw new ApiError("conflict", "Another user has this email", [{ path: "email", message: "already exists" }]);
      }
      return updateUser(tx, params.id, patch);
    },
  );
  if (!user) throw notFound(params.id);
  forgetVerifiedCredentials();
  return publicUser(user);
});

export const DELETE = instanceRoute({}, async ({ caller, params }) => {
  if (params.id === caller.user.id) throw new ApiError("conflict", "You cannot delete your own account");
  const user = await asSuperadmin({ actorId: caller.user.id, action: "DELETE", targetType: "USER", targetId: params.id }, (tx) =>
    deleteUser(tx, params.id),
  );
  if (!user) throw notFound(params.id);
  forgetVerifiedCredentials();
  return undefined;
});

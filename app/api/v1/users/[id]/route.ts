import { withInstance } from "@/db/tenant";
import { getUser, publicUser } from "@/db/queries/users";
import { instanceActor, instanceRoute } from "@/lib/api/route";
import { userUpdateBody } from "@/lib/api/schemas";
import { deleteUser, updateUser } from "@/lib/server/users";
import { ApiError } from "@/lib/errors";

const notFound = (id: string) => new ApiError("not_found", `User ${id} not found`);

export const GET = instanceRoute({}, async ({ params }) => {
  const user = await withInstance((tx) => getUser(tx, { id: params.id }));
  if (!user) throw notFound(params.id);
  return publicUser(user);
});

export const PUT = instanceRoute({ body: userUpdateBody }, async ({ caller, params, body }) => {
  const { tenants: _tenants, groups: _groups, restricted: _restricted, ...patch } = body;
  return publicUser(await updateUser(instanceActor(caller), { id: params.id, patch }));
});

export const DELETE = instanceRoute({}, async ({ caller, params }) => {
  await deleteUser(instanceActor(caller), { id: params.id });
  return undefined;
});

import { withInstance } from "@/db/tenant";
import { findUsers, publicUser } from "@/db/queries/users";
import { instanceActor, instanceRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { userCreateBody } from "@/lib/api/schemas";
import { createUserAccount } from "@/lib/server/users";

export const GET = instanceRoute({ query: pageQuery }, async ({ query }) => {
  const { results, total } = await withInstance((tx) => findUsers(tx, query));
  return paged(results.map(publicUser), total);
});

export const POST = instanceRoute(
  { body: userCreateBody },
  async ({ caller, body }) => publicUser(
      await createUserAccount(instanceActor(caller), { email: body.email, password: body.password, firstName: body.firstName, lastName: body.lastName, superAdmin: body.superAdmin }),
    ),
  201,
);

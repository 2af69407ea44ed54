import { instanceActor, instanceRoute } from "@/lib/api/route";
import { apiTokenBody } from "@/lib/api/schemas";
import { listTokens, tokenMaxAge } from "@/lib/api/tokens";
import { createToken } from "@/lib/server/tokens";

export const GET = instanceRoute({ self: true }, ({ caller }) => listTokens(caller.user.id));
export const POST = instanceRoute(
  { self: true, body: apiTokenBody },
  ({ caller, body }) => createToken(instanceActor(caller), { userId: caller.user.id, name: body.name, description: body.description, maxAgeSeconds: tokenMaxAge(body) }),
  201,
);

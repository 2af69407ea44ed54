import { apiTokenBody } from "@/lib/api/schemas";
import { listTokens, tokenMaxAge } from "@/lib/api/tokens";
import { instanceActor, instanceRoute } from "@/lib/api/route";
import { createToken } from "@/lib/server/tokens";

export const GET = instanceRoute({}, ({ params }) => listTokens(params.id));
export const POST = instanceRoute(
  { body: apiTokenBody },
  ({ caller, params, body }) => createToken(instanceActor(caller), { userId: params.id, name: body.name, description: body.description, maxAgeSeconds: tokenMaxAge(body) }),
  201,
);

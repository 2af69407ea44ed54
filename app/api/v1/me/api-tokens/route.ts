import { instanceRoute } from "@/lib/api/route";
import { apiTokenBody } from "@/lib/api/schemas";
import { issueToken, listTokens } from "@/lib/api/tokens";

export const GET = instanceRoute({ self: true }, ({ caller }) => listTokens(caller.user.id));
export const POST = instanceRoute({ self: true, body: apiTokenBody }, ({ caller, body }) => issueToken(caller.user.id, body), 201);

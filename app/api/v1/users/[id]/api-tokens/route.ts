import { instanceRoute } from "@/lib/api/route";
import { apiTokenBody } from "@/lib/api/schemas";
import { issueToken, listTokens } from "@/lib/api/tokens";

export const GET = instanceRoute({}, ({ params }) => listTokens(params.id));
export const POST = instanceRoute({ body: apiTokenBody }, ({ params, body }) => issueToken(params.id, body), 201);

import { instanceRoute } from "@/lib/api/route";
import { revokeToken } from "@/lib/api/tokens";

export const DELETE = instanceRoute({}, ({ params }) => revokeToken(params.id, params.tokenId));

import { instanceRoute } from "@/lib/api/route";
import { revokeToken } from "@/lib/api/tokens";

export const DELETE = instanceRoute({ self: true }, ({ caller, params }) => revokeToken(caller.user.id, params.tokenId));

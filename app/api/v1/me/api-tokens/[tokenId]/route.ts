import { instanceActor, instanceRoute } from "@/lib/api/route";
import { deleteToken } from "@/lib/server/tokens";

export const DELETE = instanceRoute({ self: true }, ({ caller, params }) => deleteToken(instanceActor(caller), { userId: caller.user.id, tokenId: params.tokenId }));

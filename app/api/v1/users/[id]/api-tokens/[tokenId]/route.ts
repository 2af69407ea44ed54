import { instanceActor, instanceRoute } from "@/lib/api/route";
import { deleteToken } from "@/lib/server/tokens";

export const DELETE = instanceRoute({}, ({ caller, params }) => deleteToken(instanceActor(caller), { userId: params.id, tokenId: params.tokenId }));

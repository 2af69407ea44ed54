import { instanceActor, instanceRoute } from "@/lib/api/route";
import { tenantCreateBody } from "@/lib/api/schemas";
import { publicTenant } from "@/lib/api/views";
import { createTenant } from "@/lib/server/tenants";

export const POST = instanceRoute({ body: tenantCreateBody }, async ({ caller, body }) => publicTenant(await createTenant(instanceActor(caller), body)), 201);

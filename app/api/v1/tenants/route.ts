import { instanceActor, instanceRoute } from "@/lib/api/route";
import { tenantCreateBody } from "@/lib/api/schemas";
import { adminTenant } from "@/lib/api/views";
import { createTenant } from "@/lib/server/tenants";

export const POST = instanceRoute({ body: tenantCreateBody }, async ({ caller, body }) => adminTenant(await createTenant(instanceActor(caller), { id: body.id, name: body.name, color: body.color })), 201);

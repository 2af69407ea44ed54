import { instanceActor, instanceRoute } from "@/lib/api/route";
import { tenantQuotasSchema } from "@/engine/quotas/limits";
import { getTenantQuotas, setTenantQuotas } from "@/lib/server/tenants";

/** A tenant's quotas, those in force, and its current usage (superadmins only). */
export const GET = instanceRoute({}, async ({ caller, params }) => getTenantQuotas(instanceActor(caller), { id: params.id }));

/** Replaces a tenant's quotas; an absent or null quota is the instance default (unlimited unless QUOTA_DEFAULT_* is set). */
export const PUT = instanceRoute({ body: tenantQuotasSchema }, async ({ caller, params, body }) => setTenantQuotas(instanceActor(caller), { id: params.id, quotas: body }));

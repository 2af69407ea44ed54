import { instanceRoute } from "@/lib/api/route";
import { metrics } from "@/lib/observability/metrics";

/**
 * Prometheus metrics, for superadmins (scrape with a superadmin's API token as a Bearer
 * token): executions by tenant and state, queue depth and oldest item age by tenant, lease
 * expiries, scheduler lag, API latency by route, and the process's own (CPU, memory,
 * event-loop lag).
 */
export const GET = instanceRoute({}, async () => {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType, "cache-control": "no-store" } });
});

import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { withInstance, withTenant, withWorkQueue } from "@/db/tenant";
import { countExecutionsByState, queueDepthByTenant } from "@/db/queries/metrics";
import { listTenantIds } from "@/db/queries/tenants";

/**
 * The process's Prometheus metrics (served at /api/metrics to superadmins). Counters and
 * histograms are updated where things happen (HTTP wrapper, worker); gauges of stored
 * state (executions by tenant and state, queue depth and age by tenant) are read when
 * scraped, each tenant through its own withTenant door.
 */
type Metrics = {
  registry: Registry;
  httpDuration: Histogram<"route" | "method" | "status">;
  leaseExpiries: Counter;
  schedulerLag: Histogram;
};

const globalForMetrics = globalThis as unknown as { __switchyardMetrics?: Metrics };

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "switchyard_process_" });
  const httpDuration = new Histogram({
    name: "switchyard_http_request_duration_seconds",
    help: "API request latency by route pattern, method and status",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const leaseExpiries = new Counter({
    name: "switchyard_lease_expiries_total",
    help: "Work items taken over after their worker's lease expired (a worker died or stalled)",
    registers: [registry],
  });
  const schedulerLag = new Histogram({
    name: "switchyard_scheduler_lag_seconds",
    help: "Trigger fire time minus its due time",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15, 60],
    registers: [registry],
  });
  new Gauge({
    name: "switchyard_executions",
    help: "Stored executions by tenant and state",
    labelNames: ["tenant", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const tenantId of await withInstance((tx) => listTenantIds(tx))) {
        for (const row of await withTenant({ tenantId }, (tx) => countExecutionsByState(tx))) this.set({ tenant: tenantId, state: row.state }, row.count);
      }
    },
  });
  // Both queue gauges read the same rows: one query per scrape serves them.
  let queueRead: { at: number; rows: ReturnType<typeof readQueue> } | undefined;
  const readQueue = () => withWorkQueue((tx) => queueDepthByTenant(tx));
  const queue = () => {
    if (!queueRead || Date.now() - queueRead.at > 1000) queueRead = { at: Date.now(), rows: readQueue() };
    return queueRead.rows;
  };
  new Gauge({
    name: "switchyard_queue_depth",
    help: "Work items due and waiting for a worker, by tenant",
    labelNames: ["tenant"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await queue()) this.set({ tenant: row.tenantId }, row.depth);
    },
  });
  new Gauge({
    name: "switchyard_queue_oldest_seconds",
    help: "How long the oldest due work item has waited, by tenant",
    labelNames: ["tenant"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await queue()) this.set({ tenant: row.tenantId }, row.oldestSeconds);
    },
  });
  return { registry, httpDuration, leaseExpiries, schedulerLag };
}

export function metrics(): Metrics {
  globalForMetrics.__switchyardMetrics ??= create();
  return globalForMetrics.__switchyardMetrics;
}

/**
 * A route pattern for the latency histogram from a request path and its params:
 * `/api/v1/acme/flows/ns/id` with {tenant: acme, namespace: ns, id: id} gives
 * `/api/v1/[tenant]/flows/[namespace]/[id]`, so tenants and ids never become labels.
 */
export function routePattern(pathname: string, params: Record<string, string>): string {
  const byValue = new Map<string, string>();
  for (const [name, value] of Object.entries(params)) if (value && !byValue.has(value)) byValue.set(value, name);
  return pathname
    .split("/")
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // keep the raw segment
      }
      const name = byValue.get(decoded);
      return name ? `[${name}]` : segment;
    })
    .join("/");
}

/** Records one API answer's latency. */
export function observeRequest(req: Request, params: Record<string, string>, status: number, startedAt: number) {
  const route = routePattern(new URL(req.url).pathname, params);
  metrics().httpDuration.observe({ route, method: req.method, status: String(status) }, (performance.now() - startedAt) / 1000);
}

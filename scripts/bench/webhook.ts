import { closeDb, configureDb, getDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { saveFlow } from "../../db/queries/flows";
import { validateFlowSource } from "../../engine/flow/validate";
import { startEngine, stopEngine } from "../../engine/worker";
import { seedTenant } from "../../tests/helpers/seed";
import { summarize, type Target } from "./stats";

/**
 * Webhook → SUCCESS: a Webhook trigger with `wait: true` answers when its execution ended, so
 * each call's time is the webhook-to-SUCCESS latency. Calls arrive open-loop at a steady
 * rate (not one after the other), spread over tenants, through the route handler in this
 * process with the engine's worker running next to it.
 */
const TENANTS = 5;
const RATE = 20;
const SECONDS = 15;

const flow = `id: hooked
namespace: bench.hook
tasks:
  - id: t
    type: io.kestra.plugin.core.debug.Return
    format: "{{ trigger.body.n }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: bench-key
    wait: true
`;

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export async function benchWebhook(target: Target) {
  configureDb(target.config);
  try {
    await getDb();
    const parsed = validateFlowSource(flow);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const stamp = Date.now().toString(36);
    const tenants: string[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const tenantId = (await seedTenant(`hook-${stamp}-${i}`)).id;
      await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source: flow, authorId: null, mode: "upsert" }));
      tenants.push(tenantId);
    }
    await startEngine({});
    const route = (await import("../../app/api/v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]/route")) as { POST: Handler };
    const times: number[] = [];
    let failed = 0;
    const one = async (n: number) => {
      const tenant = tenants[Math.abs(n) % TENANTS];
      const t0 = performance.now();
      const res = await route.POST(
        new Request(`http://localhost/api/v1/${tenant}/executions/webhook/bench.hook/hooked/bench-key`, { method: "POST", body: JSON.stringify({ n }), headers: { "content-type": "application/json" } }),
        { params: Promise.resolve({ tenant, namespace: "bench.hook", flowId: "hooked", key: "bench-key" }) },
      );
      const body = (await res.json()) as { state?: { current?: string } };
      times.push(performance.now() - t0);
      if (res.status !== 200 || body.state?.current !== "SUCCESS") failed++;
    };
    // Warm-up, not counted: the engine threads load their code on their first passes (about
    // a second), which a sustained rate never meets again.
    for (let n = 0; n < 4 * TENANTS; n++) await one(-1 - n);
    times.length = 0;
    failed = 0;
    const calls: Promise<void>[] = [];
    const start = performance.now();
    for (let n = 0; n < RATE * SECONDS; n++) {
      const at = start + (n * 1000) / RATE;
      const wait = at - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      calls.push(one(n));
    }
    await Promise.all(calls);
    await stopEngine();
    return { kind: target.kind, rate: RATE, seconds: SECONDS, tenants: TENANTS, latency: summarize(times), failed };
  } finally {
    await closeDb();
    await target.cleanup?.();
  }
}

import { describe, expect, test } from "vitest";
import { validateFlowSource } from "@/engine/flow/validate";
import { createExecution } from "@/engine/executor";
import { NO_SERVICES } from "@/engine/executor/services";
import { runPass, type PassHost } from "./pass";

// Many quick task runs, one step each: a pass that works for a long while with no I/O of its own.
const MANY = (() => {
  const parsed = validateFlowSource(`id: many
namespace: company.team
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ range(1, 400) }}"
    concurrencyLimit: 1
    tasks:
      - id: r
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}"
`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.flow;
})();

const host: PassHost = {
  services: () => NO_SERVICES,
  functions: () => ({}),
  startSubflow: async () => null,
  watchKill: () => ({ signal: new AbortController().signal, stop: () => {} }),
  writeLogs: async () => {},
  checkpoint: async () => true,
};

describe("a long pass", () => {
  test("lets its thread's timers run as it goes, so the heartbeat the watchdog reads keeps moving", async () => {
    const execution = createExecution({ flow: MANY, revision: 1, now: new Date() });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = performance.now();
    const result = await runPass(
      { tenantId: "t1", flow: MANY, execution, runningCount: 0, children: [], envs: {}, globals: {}, cpuBudgetMs: 5000, checkpointLines: 500 },
      host,
    );
    const took = performance.now() - started;
    clearInterval(timer);
    expect(result.kind === "save" && result.execution.state.current).toBe("SUCCESS");
    // The pass yields to the event loop at least every 50 ms of work.
    expect(took).toBeGreaterThan(200);
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(took / 100));
  }, 60_000);
});

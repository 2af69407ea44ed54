import { describe, expect, it } from "vitest";
import { validateFlowSource } from "./validate";

const src = (...lines: string[]) => lines.join("\n") + "\n";
const LOG = "io.kestra.plugin.core.log.Log";

function valid(source: string) {
  const result = validateFlowSource(source);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.flow;
}

describe("validateFlowSource", () => {
  it("returns the flow with defaults and the source unchanged", () => {
    const source = src("id: f", "namespace: ns", "revision: 7", "tasks:", "  - id: a", `    type: ${LOG}`, "    message: hi");
    const result = validateFlowSource(source);
    expect(result.ok && result.source).toBe(source);
    const flow = valid(source);
    expect(flow).not.toHaveProperty("revision");
    expect(flow.disabled).toBe(false);
    expect(flow.tasks[0]).toMatchObject({ id: "a", level: "INFO", disabled: false, allowFailure: false });
  });

  it("accepts Kestra's old type names", () => {
    const flow = valid(
      src(
        "id: f",
        "namespace: ns",
        "tasks:",
        "  - id: seq",
        "    type: io.kestra.core.tasks.flows.Sequential",
        "    tasks:",
        "      - id: a",
        "        type: io.kestra.core.tasks.log.Log",
        "        message: hi",
        "triggers:",
        "  - id: s",
        "    type: io.kestra.core.models.triggers.types.Schedule",
        '    cron: "0 * * * *"',
        "    conditions:",
        "      - type: io.kestra.core.models.conditions.types.DayWeekCondition",
        "        dayOfWeek: MONDAY",
      ),
    );
    expect(flow.tasks[0].type).toBe("io.kestra.core.tasks.flows.Sequential");
  });

  it("coerces scalars the way Kestra's Jackson reader does", () => {
    const flow = valid(
      src(
        "id: f",
        "namespace: ns",
        "labels:",
        "  version: 1.5",
        "  beta: true",
        "tasks:",
        "  - id: a",
        `    type: ${LOG}`,
        "    message: 42",
        '    disabled: "TRUE"',
        "  - id: each",
        "    type: io.kestra.plugin.core.flow.ForEach",
        "    values: [1, 2]",
        '    concurrencyLimit: "3"',
        "    tasks:",
        "      - id: b",
        `        type: ${LOG}`,
        "        message: x",
      ),
    );
    expect(flow).toMatchObject({ labels: [{ key: "version", value: "1.5" }, { key: "beta", value: "true" }] });
    expect(flow.tasks[0]).toMatchObject({ message: "42", disabled: true });
    expect(flow.tasks[1].concurrencyLimit).toBe(3);
  });

  it("accepts expressions where Kestra renders typed values", () => {
    const flow = valid(
      src(
        "id: f",
        "namespace: ns",
        "tasks:",
        "  - id: a",
        `    type: ${LOG}`,
        "    message: hi",
        '    timeout: "{{ inputs.timeout }}"',
        '    level: "{{ inputs.level }}"',
        "  - id: s",
        "    type: io.kestra.plugin.core.flow.Sleep",
        '    duration: "{{ vars.wait }}"',
        "  - id: kv",
        "    type: io.kestra.plugin.core.kv.Get",
        "    key: k",
        '    errorOnMissing: "{{ inputs.strict }}"',
      ),
    );
    expect(flow.tasks[1].duration).toBe("{{ vars.wait }}");
  });

  it("keeps ids strict: a YAML number is not a flow id (1.10 would become 1.1)", () => {
    const result = validateFlowSource(src("id: 1.10", "namespace: ns", "tasks:", "  - id: a", `    type: ${LOG}`, "    message: hi"));
    expect(result.ok ? [] : result.errors).toEqual([expect.objectContaining({ path: "id", message: "expected a flow id" })]);
  });

  it("rejects a plain string where an expression is needed for a typed value", () => {
    const result = validateFlowSource(
      src("id: f", "namespace: ns", "tasks:", "  - id: kv", "    type: io.kestra.plugin.core.kv.Get", "    key: k", "    errorOnMissing: maybe"),
    );
    expect(result.ok ? [] : result.errors).toEqual([
      expect.objectContaining({ path: "tasks[0].errorOnMissing", message: "expected a boolean or a {{ expression }}", line: 7 }),
    ]);
  });

  it("applies the flow's pluginDefaults before validating tasks", () => {
    const flow = valid(
      src(
        "id: f",
        "namespace: ns",
        "pluginDefaults:",
        "  - type: io.kestra.plugin.core.log",
        "    values:",
        "      message: from defaults",
        "      level: WARN",
        "  - type: io.kestra.plugin.core.log.Log",
        "    forced: true",
        "    values:",
        "      level: ERROR",
        "tasks:",
        "  - id: a",
        `    type: ${LOG}`,
        "  - id: b",
        `    type: ${LOG}`,
        "    message: own",
        "    level: DEBUG",
      ),
    );
    expect(flow.tasks.map((t) => [t.message, t.level])).toEqual([
      ["from defaults", "ERROR"],
      ["own", "ERROR"],
    ]);
  });

  it("reads the deprecated input `name` as `id`", () => {
    const flow = valid(src("id: f", "namespace: ns", "inputs:", "  - name: x", "    type: STRING", "tasks:", "  - id: a", `    type: ${LOG}`, "    message: hi"));
    expect(flow.inputs?.[0]).toMatchObject({ id: "x", required: true });
  });

  it("accepts every input type", () => {
    const types = ["STRING", "INT", "FLOAT", "BOOLEAN", "DATETIME", "DATE", "TIME", "DURATION", "JSON", "YAML", "URI", "FILE", "SECRET", "EMAIL"];
    const inputs = types.flatMap((type) => [`  - id: i_${type.toLowerCase()}`, `    type: ${type}`, "    required: false"]);
    const flow = valid(
      src(
        "id: f",
        "namespace: ns",
        "inputs:",
        ...inputs,
        "  - id: e",
        "    type: ENUM",
        "    values: [a, b]",
        "  - id: s",
        "    type: SELECT",
        "    values: [a, b]",
        "    defaults: a",
        "  - id: m",
        "    type: MULTISELECT",
        "    values: [a, b]",
        "    defaults: [a]",
        "  - id: arr",
        "    type: ARRAY",
        "    itemType: INT",
        "    defaults: [1, 2]",
        "  - id: n",
        "    type: INT",
        "    min: 1",
        "    max: 10",
        "    defaults: 5",
        "  - id: re",
        "    type: STRING",
        "    validator: ^[a-z]+$",
        "    displayName: Lower case",
        "tasks:",
        "  - id: a",
        `    type: ${LOG}`,
        "    message: hi",
      ),
    );
    expect(flow.inputs).toHaveLength(types.length + 6);
  });

  it("accepts every registered task kind with its nested branches", () => {
    const flow = valid(
      src(
        "id: f",
        "namespace: ns",
        "tasks:",
        "  - id: dag",
        "    type: io.kestra.plugin.core.flow.Dag",
        "    tasks:",
        "      - task:",
        "          id: d1",
        `          type: ${LOG}`,
        "          message: x",
        "      - task:",
        "          id: d2",
        "          type: io.kestra.plugin.core.storage.Write",
        "          content: x",
        "        dependsOn: [d1]",
        "  - id: http",
        "    type: io.kestra.plugin.core.http.Request",
        "    uri: https://example.com",
        "    method: POST",
        "  - id: kvs",
        "    type: io.kestra.plugin.core.kv.Set",
        "    key: k",
        "    value: { a: 1 }",
        "    ttl: P1D",
        "  - id: kvd",
        "    type: io.kestra.plugin.core.kv.Delete",
        "    key: k",
        "  - id: pause",
        "    type: io.kestra.plugin.core.flow.Pause",
        "    timeout: PT1H",
        "    onResume:",
        "      - id: ok",
        "        type: BOOLEAN",
        "  - id: lbl",
        "    type: io.kestra.plugin.core.execution.Labels",
        '    labels: "{{ inputs.labels }}"',
        "errors:",
        "  - id: fail",
        "    type: io.kestra.plugin.core.execution.Fail",
        "finally:",
        "  - id: bye",
        "    type: io.kestra.plugin.core.debug.Return",
        "    format: bye",
        "afterExecution:",
        "  - id: after",
        `    type: ${LOG}`,
        "    message: done",
        "concurrency:",
        "  limit: 2",
        "retry:",
        "  type: exponential",
        "  interval: PT1S",
        "  maxInterval: PT1M",
        "sla:",
        "  - id: slow",
        "    type: MAX_DURATION",
        "    duration: PT1H",
      ),
    );
    expect(flow.concurrency).toEqual({ limit: 2, behavior: "QUEUE" });
  });

  it("validates a 500-task flow quickly", () => {
    const tasks = Array.from({ length: 500 }, (_, i) =>
      i % 5 === 0
        ? [`  - id: seq${i}`, "    type: io.kestra.plugin.core.flow.Sequential", "    tasks:", `      - id: child${i}`, `        type: ${LOG}`, `        message: "{{ task.id }} ${i}"`].join("\n")
        : [`  - id: t${i}`, `    type: ${LOG}`, `    message: "{{ task.id }} ${i}"`, "    retry:", "      type: constant", "      interval: PT1S", "      maxAttempt: 3"].join("\n"),
    );
    const source = `id: big\nnamespace: perf\ntasks:\n${tasks.join("\n")}\n`;
    validateFlowSource(source); // warm up module-level schema construction
    const started = performance.now();
    const result = validateFlowSource(source);
    const elapsed = performance.now() - started;
    expect(result.ok).toBe(true);
    expect(result.ok && result.flow.tasks).toHaveLength(500);
    // Typically ~20 ms on one core; the bound is loose for slow CI machines.
    expect(elapsed).toBeLessThan(2000);
  });
});

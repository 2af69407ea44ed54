import { describe, expect, it } from "vitest";
import { validateFlowSource } from "./validate";

/** Joins lines; line 1 is the first argument. */
const src = (...lines: string[]) => lines.join("\n") + "\n";

const HEAD = ["id: f", "namespace: ns"];
const LOG = "io.kestra.plugin.core.log.Log";
/** A valid `tasks:` block starting on line 3 (task map on line 4). */
const TASKS = ["tasks:", "  - id: a", `    type: ${LOG}`, "    message: hi"];

type Expected = { path: string; line: number; column: number; message: string | RegExp; code?: string };
type Case = { name: string; source: string; expect: Expected };

const cases: Case[] = [
  // --- YAML and source level ---
  {
    name: "unclosed flow sequence",
    source: src(...HEAD, "tasks: [", "  - id: a"),
    expect: { path: "", line: 4, column: 3, message: "not allowed within flow collections", code: "yaml_syntax" },
  },
  {
    name: "double quote left open points at the opening quote",
    source: src(...HEAD, "tasks:", "  - id: a", `    type: ${LOG}`, '    message: "Hello {{ inputs.name }}', "  - id: b", `    type: ${LOG}`, "    message: hi"),
    expect: { path: "", line: 6, column: 14, message: /double-quoted string opened here is never closed/, code: "yaml_syntax" },
  },
  {
    name: "single quote left open points at the opening quote",
    source: src(...HEAD, "description: 'about", ...TASKS),
    expect: { path: "", line: 3, column: 14, message: /single-quoted string opened here is never closed/, code: "yaml_syntax" },
  },
  {
    name: "duplicate top-level key",
    source: src(...HEAD, "id: g", ...TASKS),
    expect: { path: "", line: 3, column: 1, message: "Map keys must be unique", code: "yaml_syntax" },
  },
  {
    name: "tab indentation",
    source: src(...HEAD, "tasks:", "\t- id: a"),
    expect: { path: "", line: 4, column: 1, message: /tab/i, code: "yaml_syntax" },
  },
  {
    name: "several documents where one is expected",
    source: src(...HEAD, ...TASKS, "---", "id: g"),
    expect: { path: "", line: 7, column: 1, message: "single YAML document", code: "multiple_documents" },
  },
  {
    name: "empty source",
    source: "",
    expect: { path: "", line: 1, column: 1, message: "empty", code: "empty" },
  },
  {
    name: "comments only",
    source: src("# nothing", "# here"),
    expect: { path: "", line: 1, column: 1, message: "empty", code: "empty" },
  },
  {
    name: "top-level list",
    source: src("- id: f", "- namespace: ns"),
    expect: { path: "", line: 1, column: 1, message: "must be a YAML map" },
  },
  {
    name: "top-level scalar",
    source: src("just a string"),
    expect: { path: "", line: 1, column: 1, message: "must be a YAML map" },
  },
  {
    name: "unknown YAML tag",
    source: src(...HEAD, "description: !!binary 12", ...TASKS),
    expect: { path: "description", line: 3, column: 23, message: "expected a string" },
  },

  // --- flow fields ---
  {
    name: "missing id",
    source: src("namespace: ns", ...TASKS),
    expect: { path: "id", line: 1, column: 1, message: 'missing required property "id"' },
  },
  {
    name: "missing namespace",
    source: src("id: f", ...TASKS),
    expect: { path: "namespace", line: 1, column: 1, message: 'missing required property "namespace"' },
  },
  {
    name: "missing tasks",
    source: src(...HEAD, "description: no tasks"),
    expect: { path: "tasks", line: 1, column: 1, message: 'missing required property "tasks"' },
  },
  {
    name: "empty tasks",
    source: src(...HEAD, "tasks: []"),
    expect: { path: "tasks", line: 3, column: 8, message: "at least one task" },
  },
  {
    name: "tasks without value",
    source: src(...HEAD, "tasks:"),
    expect: { path: "tasks", line: 3, column: 1, message: "expected a list of tasks" },
  },
  {
    name: "tasks is a string",
    source: src(...HEAD, "tasks: hello"),
    expect: { path: "tasks", line: 3, column: 8, message: "expected a list of tasks" },
  },
  {
    name: "flow id starting with a dash",
    source: src("id: -f", "namespace: ns", ...TASKS),
    expect: { path: "id", line: 1, column: 5, message: "flow id may contain only" },
  },
  {
    name: "flow id with a space",
    source: src("id: my flow", "namespace: ns", ...TASKS),
    expect: { path: "id", line: 1, column: 5, message: /^flow id may contain only letters, digits, \., - and _, and must start with a letter or digit: try "my-flow"$/ },
  },
  {
    name: "flow id longer than 100",
    source: src(`id: ${"a".repeat(101)}`, "namespace: ns", ...TASKS),
    expect: { path: "id", line: 1, column: 5, message: "at most 100 characters" },
  },
  {
    name: "namespace with capitals",
    source: src("id: f", "namespace: Company.Team", ...TASKS),
    expect: { path: "namespace", line: 2, column: 12, message: "namespace may contain only" },
  },
  {
    name: "namespace longer than 150",
    source: src("id: f", `namespace: ${"a".repeat(151)}`, ...TASKS),
    expect: { path: "namespace", line: 2, column: 12, message: "at most 150 characters" },
  },
  {
    name: "unknown top-level key",
    source: src(...HEAD, "listeners: []", ...TASKS),
    expect: { path: "listeners", line: 3, column: 1, message: 'unknown property "listeners"' },
  },
  {
    name: "disabled: yes",
    source: src(...HEAD, "disabled: yes", ...TASKS),
    expect: { path: "disabled", line: 3, column: 11, message: "expected a boolean" },
  },
  {
    name: "variables as a list",
    source: src(...HEAD, "variables: [a, b]", ...TASKS),
    expect: { path: "variables", line: 3, column: 12, message: "expected a map, got a list" },
  },
  {
    name: "labels as a number",
    source: src(...HEAD, "labels: 5", ...TASKS),
    expect: { path: "labels", line: 3, column: 9, message: "expected labels as a map" },
  },
  {
    name: "label list item without value",
    source: src(...HEAD, "labels:", "  - key: team", ...TASKS),
    expect: { path: "labels[0].value", line: 4, column: 5, message: 'missing required property "value"' },
  },

  // --- task type and id ---
  {
    name: "unknown task type",
    source: src(...HEAD, ...TASKS, "  - id: b", "    type: io.kestra.plugin.core.log.Nope"),
    expect: { path: "tasks[1].type", line: 8, column: 11, message: 'unknown task type "io.kestra.plugin.core.log.Nope"' },
  },
  {
    name: "short type name",
    source: src(...HEAD, "tasks:", "  - id: a", "    type: log.Log", "    message: hi"),
    expect: { path: "tasks[0].type", line: 5, column: 11, message: 'did you mean "io.kestra.plugin.core.log.Log"' },
  },
  {
    name: "trigger type used as a task",
    source: src(...HEAD, "tasks:", "  - id: a", "    type: io.kestra.plugin.core.trigger.Schedule"),
    expect: { path: "tasks[0].type", line: 5, column: 11, message: "is a trigger type, not a task type" },
  },
  {
    name: "missing task type",
    source: src(...HEAD, "tasks:", "  - id: a", "    message: hi"),
    expect: { path: "tasks[0].type", line: 4, column: 5, message: 'missing required property "type"' },
  },
  {
    name: "task type is a number",
    source: src(...HEAD, "tasks:", "  - id: a", "    type: 42"),
    expect: { path: "tasks[0].type", line: 5, column: 11, message: "task type must be a string" },
  },
  {
    name: "missing task id",
    source: src(...HEAD, "tasks:", `  - type: ${LOG}`, "    message: hi"),
    expect: { path: "tasks[0].id", line: 4, column: 5, message: 'missing required property "id"' },
  },
  {
    name: "task id with a dot",
    source: src(...HEAD, "tasks:", "  - id: a.b", `    type: ${LOG}`, "    message: hi"),
    expect: { path: "tasks[0].id", line: 4, column: 9, message: "task id may contain only" },
  },
  {
    name: "task is a number",
    source: src(...HEAD, "tasks:", "  - 5"),
    expect: { path: "tasks[0]", line: 4, column: 5, message: "expected a map, got a number" },
  },
  {
    name: "task is a list",
    source: src(...HEAD, "tasks:", "  - [a, b]"),
    expect: { path: "tasks[0]", line: 4, column: 5, message: "expected a map, got a list" },
  },
  {
    name: "unknown task property",
    source: src(...HEAD, ...TASKS, "    colour: red"),
    expect: { path: "tasks[0].colour", line: 7, column: 5, message: 'unknown property "colour"' },
  },

  // --- duplicate ids ---
  {
    name: "duplicate top-level task ids",
    source: src(...HEAD, ...TASKS, "  - id: a", `    type: ${LOG}`, "    message: again"),
    expect: { path: "tasks[1].id", line: 7, column: 9, message: 'duplicate task id "a", already used at tasks[0]' },
  },
  {
    name: "duplicate ids between a Parallel child and errors",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: p",
      "    type: io.kestra.plugin.core.flow.Parallel",
      "    tasks:",
      "      - id: t3",
      `        type: ${LOG}`,
      "        message: hi",
      "errors:",
      "  - id: t3",
      `    type: ${LOG}`,
      "    message: oops",
    ),
    expect: { path: "errors[0].id", line: 11, column: 9, message: "already used at tasks[0].tasks[0]" },
  },
  {
    name: "duplicate ids between a Switch case and finally",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: s",
      "    type: io.kestra.plugin.core.flow.Switch",
      "    value: A",
      "    cases:",
      "      A:",
      "        - id: x",
      `          type: ${LOG}`,
      "          message: hi",
      "finally:",
      "  - id: x",
      `    type: ${LOG}`,
      "    message: bye",
    ),
    expect: { path: "finally[0].id", line: 13, column: 9, message: "already used at tasks[0].cases.A[0]" },
  },
  {
    name: "task id reused inside its own flowable",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: seq",
      "    type: io.kestra.plugin.core.flow.Sequential",
      "    tasks:",
      "      - id: seq",
      `        type: ${LOG}`,
      "        message: hi",
    ),
    expect: { path: "tasks[0].tasks[0].id", line: 7, column: 13, message: 'duplicate task id "seq"' },
  },
  {
    name: "duplicate trigger ids",
    source: src(
      ...HEAD,
      ...TASKS,
      "triggers:",
      "  - id: t",
      "    type: io.kestra.plugin.core.trigger.Schedule",
      '    cron: "* * * * *"',
      "  - id: t",
      "    type: io.kestra.plugin.core.trigger.Webhook",
      "    key: k",
    ),
    expect: { path: "triggers[1].id", line: 11, column: 9, message: 'duplicate trigger id "t"' },
  },
  {
    name: "duplicate input ids",
    source: src(...HEAD, "inputs:", "  - id: x", "    type: STRING", "  - id: x", "    type: INT", ...TASKS),
    expect: { path: "inputs[1].id", line: 6, column: 9, message: 'duplicate input id "x"' },
  },
  {
    name: "duplicate output ids",
    source: src(...HEAD, ...TASKS, "outputs:", "  - id: o", "    type: STRING", "    value: a", "  - id: o", "    type: STRING", "    value: b"),
    expect: { path: "outputs[1].id", line: 11, column: 9, message: 'duplicate output id "o"' },
  },

  // --- common task properties ---
  {
    name: "retry is a number where an object is expected",
    source: src(...HEAD, ...TASKS, "    retry: 3"),
    expect: { path: "tasks[0].retry", line: 7, column: 12, message: "expected a map, got a number" },
  },
  {
    name: "unknown retry type",
    source: src(...HEAD, ...TASKS, "    retry:", "      type: fibonacci", "      interval: PT1S"),
    expect: { path: "tasks[0].retry.type", line: 8, column: 13, message: "retry type must be one of" },
  },
  {
    name: "retry maxAttempt 0",
    source: src(...HEAD, ...TASKS, "    retry:", "      type: constant", "      interval: PT1S", "      maxAttempt: 0"),
    expect: { path: "tasks[0].retry.maxAttempt", line: 10, column: 19, message: "must be >= 1" },
  },
  {
    name: "retry interval not a duration",
    source: src(...HEAD, ...TASKS, "    retry:", "      type: constant", "      interval: 5 minutes"),
    expect: { path: "tasks[0].retry.interval", line: 9, column: 17, message: "ISO-8601 duration" },
  },
  {
    name: "exponential retry without maxInterval",
    source: src(...HEAD, ...TASKS, "    retry:", "      type: exponential", "      interval: PT1S"),
    expect: { path: "tasks[0].retry.maxInterval", line: 8, column: 7, message: 'missing required property "maxInterval"' },
  },
  {
    name: "timeout not a duration",
    source: src(...HEAD, ...TASKS, "    timeout: 60 seconds"),
    expect: { path: "tasks[0].timeout", line: 7, column: 14, message: "ISO-8601 duration" },
  },
  {
    name: "allowFailure is a string",
    source: src(...HEAD, ...TASKS, "    allowFailure: sometimes"),
    expect: { path: "tasks[0].allowFailure", line: 7, column: 19, message: "expected a boolean" },
  },
  {
    name: "unknown logLevel",
    source: src(...HEAD, ...TASKS, "    logLevel: LOUD"),
    expect: { path: "tasks[0].logLevel", line: 7, column: 15, message: "must be one of ERROR, WARN, INFO, DEBUG, TRACE" },
  },

  // --- task-specific properties ---
  {
    name: "Log message is a map",
    source: src(...HEAD, "tasks:", "  - id: a", `    type: ${LOG}`, "    message:", "      text: hi"),
    expect: { path: "tasks[0].message", line: 7, column: 7, message: "expected a message or a list of messages" },
  },
  {
    name: "Log without message",
    source: src(...HEAD, "tasks:", "  - id: a", `    type: ${LOG}`),
    expect: { path: "tasks[0].message", line: 4, column: 5, message: 'missing required property "message"' },
  },
  {
    name: "ForEach without values",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: each",
      "    type: io.kestra.plugin.core.flow.ForEach",
      "    tasks:",
      "      - id: b",
      `        type: ${LOG}`,
      "        message: hi",
    ),
    expect: { path: "tasks[0].values", line: 4, column: 5, message: 'missing required property "values"' },
  },
  {
    name: "ForEach concurrencyLimit not a number",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: each",
      "    type: io.kestra.plugin.core.flow.ForEach",
      "    values: [1, 2]",
      "    concurrencyLimit: many",
      "    tasks:",
      "      - id: b",
      `        type: ${LOG}`,
      "        message: hi",
    ),
    expect: { path: "tasks[0].concurrencyLimit", line: 7, column: 23, message: "expected an integer" },
  },
  {
    name: "Parallel with empty tasks",
    source: src(...HEAD, "tasks:", "  - id: p", "    type: io.kestra.plugin.core.flow.Parallel", "    tasks: []"),
    expect: { path: "tasks[0].tasks", line: 6, column: 12, message: "must not be empty" },
  },
  {
    name: "If without then",
    source: src(...HEAD, "tasks:", "  - id: if", "    type: io.kestra.plugin.core.flow.If", '    condition: "{{ true }}"'),
    expect: { path: "tasks[0].then", line: 4, column: 5, message: 'missing required property "then"' },
  },
  {
    name: "If then is a map",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: if",
      "    type: io.kestra.plugin.core.flow.If",
      "    condition: yes",
      "    then:",
      "      id: b",
      `      type: ${LOG}`,
    ),
    expect: { path: "tasks[0].then", line: 8, column: 7, message: "expected a list of then tasks" },
  },
  {
    name: "Switch without cases or defaults",
    source: src(...HEAD, "tasks:", "  - id: s", "    type: io.kestra.plugin.core.flow.Switch", "    value: x"),
    expect: { path: "tasks[0].cases", line: 4, column: 5, message: "needs cases or defaults" },
  },
  {
    name: "Switch case that is not a list",
    source: src(...HEAD, "tasks:", "  - id: s", "    type: io.kestra.plugin.core.flow.Switch", "    value: x", "    cases:", "      A: nope"),
    expect: { path: "tasks[0].cases.A", line: 8, column: 10, message: "expected a list, got a string" },
  },
  {
    name: "Sleep duration not a duration, deep in If/Switch",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: if",
      "    type: io.kestra.plugin.core.flow.If",
      "    condition: x",
      "    then:",
      "      - id: s",
      "        type: io.kestra.plugin.core.flow.Switch",
      "        value: x",
      "        cases:",
      "          A:",
      "            - id: z",
      "              type: io.kestra.plugin.core.flow.Sleep",
      "              duration: forever",
    ),
    expect: { path: "tasks[0].then[0].cases.A[0].duration", line: 15, column: 25, message: "ISO-8601 duration" },
  },
  {
    name: "Pause delay is a number",
    source: src(...HEAD, "tasks:", "  - id: p", "    type: io.kestra.plugin.core.flow.Pause", "    delay: 5"),
    expect: { path: "tasks[0].delay", line: 6, column: 12, message: "ISO-8601 duration" },
  },
  {
    name: "Subflow without flowId",
    source: src(...HEAD, "tasks:", "  - id: sub", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: ns"),
    expect: { path: "tasks[0].flowId", line: 4, column: 5, message: 'missing required property "flowId"' },
  },
  {
    name: "Subflow calling its own flow",
    source: src(...HEAD, "tasks:", "  - id: sub", "    type: io.kestra.plugin.core.flow.Subflow", "    namespace: ns", "    flowId: f"),
    expect: { path: "tasks[0].flowId", line: 7, column: 13, message: "recursive call to flow ns.f" },
  },
  {
    name: "Dag dependency on an unknown task",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: dag",
      "    type: io.kestra.plugin.core.flow.Dag",
      "    tasks:",
      "      - task:",
      "          id: a",
      `          type: ${LOG}`,
      "          message: hi",
      "        dependsOn: [ghost]",
    ),
    expect: { path: "tasks[0].tasks[0].dependsOn[0]", line: 11, column: 21, message: 'unknown task "ghost"' },
  },
  {
    name: "Dag dependency cycle",
    source: src(
      ...HEAD,
      "tasks:",
      "  - id: dag",
      "    type: io.kestra.plugin.core.flow.Dag",
      "    tasks:",
      "      - task:",
      "          id: a",
      `          type: ${LOG}`,
      "          message: hi",
      "        dependsOn: [b]",
      "      - task:",
      "          id: b",
      `          type: ${LOG}`,
      "          message: hi",
      "        dependsOn: [a]",
    ),
    expect: { path: "tasks[0].tasks[0].dependsOn", line: 11, column: 20, message: "dependency cycle: a -> b -> a" },
  },

  // --- inputs, outputs, concurrency, sla, triggers, defaults ---
  {
    name: "unknown input type",
    source: src(...HEAD, "inputs:", "  - id: x", "    type: TEXT", ...TASKS),
    expect: { path: "inputs[0].type", line: 5, column: 11, message: "input type must be one of" },
  },
  {
    name: "input id with a space",
    source: src(...HEAD, "inputs:", "  - id: my input", "    type: STRING", ...TASKS),
    expect: { path: "inputs[0].id", line: 4, column: 9, message: "input id may contain only" },
  },
  {
    name: "SELECT input without values",
    source: src(...HEAD, "inputs:", "  - id: x", "    type: SELECT", ...TASKS),
    expect: { path: "inputs[0].values", line: 4, column: 5, message: "needs values or an expression" },
  },
  {
    name: "ARRAY input without itemType",
    source: src(...HEAD, "inputs:", "  - id: x", "    type: ARRAY", ...TASKS),
    expect: { path: "inputs[0].itemType", line: 4, column: 5, message: 'missing required property "itemType"' },
  },
  {
    name: "INT input with text defaults",
    source: src(...HEAD, "inputs:", "  - id: x", "    type: INT", "    defaults: abc", ...TASKS),
    expect: { path: "inputs[0].defaults", line: 6, column: 15, message: "expected an integer" },
  },
  {
    name: "input depending on an unknown input",
    source: src(...HEAD, "inputs:", "  - id: x", "    type: STRING", "    dependsOn:", "      inputs: [y]", ...TASKS),
    expect: { path: "inputs[0].dependsOn.inputs[0]", line: 7, column: 16, message: 'depends on unknown input "y"' },
  },
  {
    name: "output without value",
    source: src(...HEAD, ...TASKS, "outputs:", "  - id: o", "    type: STRING"),
    expect: { path: "outputs[0].value", line: 8, column: 5, message: "output value is required" },
  },
  {
    name: "concurrency limit 0",
    source: src(...HEAD, "concurrency:", "  limit: 0", ...TASKS),
    expect: { path: "concurrency.limit", line: 4, column: 10, message: "must be >= 1" },
  },
  {
    name: "concurrency behavior unknown",
    source: src(...HEAD, "concurrency:", "  limit: 1", "  behavior: WAIT", ...TASKS),
    expect: { path: "concurrency.behavior", line: 5, column: 13, message: "must be one of QUEUE, CANCEL, FAIL" },
  },
  {
    name: "sla of unknown type",
    source: src(...HEAD, "sla:", "  - id: s", "    type: MIN_DURATION", ...TASKS),
    expect: { path: "sla[0].type", line: 5, column: 11, message: "sla type must be" },
  },
  {
    name: "Schedule trigger without cron",
    source: src(...HEAD, ...TASKS, "triggers:", "  - id: s", "    type: io.kestra.plugin.core.trigger.Schedule"),
    expect: { path: "triggers[0].cron", line: 8, column: 5, message: 'missing required property "cron"' },
  },
  {
    name: "trigger with an unknown condition type",
    source: src(
      ...HEAD,
      ...TASKS,
      "triggers:",
      "  - id: f",
      "    type: io.kestra.plugin.core.trigger.Flow",
      "    conditions:",
      "      - type: io.kestra.plugin.core.condition.Sometimes",
    ),
    expect: { path: "triggers[0].conditions[0].type", line: 11, column: 15, message: 'unknown condition type "io.kestra.plugin.core.condition.Sometimes"' },
  },
  {
    name: "task type used as a trigger",
    source: src(...HEAD, ...TASKS, "triggers:", "  - id: s", `    type: ${LOG}`),
    expect: { path: "triggers[0].type", line: 9, column: 11, message: "is a task type, not a trigger type" },
  },
  {
    name: "pluginDefaults entry without type",
    source: src(...HEAD, "pluginDefaults:", "  - values:", "      message: hi", ...TASKS),
    expect: { path: "pluginDefaults[0].type", line: 4, column: 5, message: 'missing required property "type"' },
  },
];

describe("malformed flows", () => {
  it("has a broad corpus", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  it.each(cases)("$name", ({ source, expect: want }) => {
    const result = validateFlowSource(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const match = result.errors.find((e) => e.path === want.path);
    expect(match, JSON.stringify(result.errors)).toBeDefined();
    if (!match) return;
    expect({ line: match.line, column: match.column }).toEqual({ line: want.line, column: want.column });
    if (typeof want.message === "string") expect(match.message).toContain(want.message);
    else expect(match.message).toMatch(want.message);
    if (want.code) expect(match.code).toBe(want.code);
  });
});

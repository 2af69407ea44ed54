import { describe, expect, test } from "vitest";
import { cursorContext, keyOptions, typeAtCursor, type CompletionCatalog } from "@/lib/ui/flow-completion";

/** The context at the `|` in the text. */
function at(textWithCursor: string) {
  const pos = textWithCursor.indexOf("|");
  return cursorContext(textWithCursor.replace("|", ""), pos);
}

const LOG = "io.kestra.plugin.core.log.Log";

describe("cursorContext", () => {
  test("the value of a task's type", () => {
    const ctx = at(`id: a\nnamespace: b\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.l|\n`);
    expect(ctx).toMatchObject({ kind: "type", prefix: "io.kestra.plugin.core.l", category: "task" });
    expect(ctx!.from).toBe(`id: a\nnamespace: b\ntasks:\n  - id: hello\n    type: `.length);
  });

  test("type on the item's dash line, in an indentless sequence", () => {
    expect(at(`tasks:\n- type: |`)).toMatchObject({ kind: "type", prefix: "", category: "task" });
  });

  test("triggers and their conditions", () => {
    expect(at(`tasks:\n  - id: a\n    type: ${LOG}\ntriggers:\n  - id: daily\n    type: |`)).toMatchObject({ kind: "type", category: "trigger" });
    const text = `triggers:\n  - id: on-flow\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: io.kestra.plugin.core.condition.Ex|`;
    expect(at(text)).toMatchObject({ kind: "type", category: "condition", prefix: "io.kestra.plugin.core.condition.Ex" });
  });

  test("tasks nested in flowables: then, Switch cases, Dag nodes", () => {
    const ifText = `tasks:\n  - id: check\n    type: io.kestra.plugin.core.flow.If\n    condition: x\n    then:\n      - id: yes\n        type: |`;
    expect(at(ifText)).toMatchObject({ kind: "type", category: "task" });
    const switchText = `tasks:\n  - id: s\n    type: io.kestra.plugin.core.flow.Switch\n    cases:\n      A:\n        - id: x\n          type: |`;
    expect(at(switchText)).toMatchObject({ kind: "type", category: "task" });
    const dagText = `tasks:\n  - id: d\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n      - task:\n          id: x\n          type: |`;
    expect(at(dagText)).toMatchObject({ kind: "type", category: "task" });
  });

  test("a key inside a task: its type and the keys already written", () => {
    const ctx = at(`tasks:\n  - id: hello\n    type: ${LOG}\n    mes|\n    level: INFO\n  - id: other\n    type: x\n`);
    expect(ctx).toEqual({ kind: "key", from: expect.any(Number), prefix: "mes", category: "task", type: LOG, siblings: ["id", "type", "level"] });
  });

  test("a key on a new item's dash line sees only that item", () => {
    const ctx = at(`tasks:\n  - id: a\n    type: ${LOG}\n  - |\n`);
    expect(ctx).toMatchObject({ kind: "key", prefix: "", category: "task", siblings: [] });
    expect(ctx).not.toHaveProperty("type");
  });

  test("a key above the type line still finds the type below", () => {
    const ctx = at(`tasks:\n  - id: a\n    |\n    type: ${LOG}\n`);
    expect(ctx).toMatchObject({ kind: "key", type: LOG, siblings: ["id", "type"] });
  });

  test("keys deeper in the task (nested maps) are not siblings", () => {
    const ctx = at(`tasks:\n  - id: a\n    type: x.Y\n    retry:\n      type: constant\n      maxAttempt: 2\n    |`);
    expect(ctx).toMatchObject({ kind: "key", type: "x.Y", siblings: ["id", "type", "retry"] });
  });

  test("a top-level key completes the flow's keys", () => {
    expect(at(`id: a\nnamespace: b\ndesc|\ntasks: []\n`)).toMatchObject({ kind: "key", category: "flow", prefix: "desc", siblings: ["id", "namespace", "tasks"] });
  });

  test("values other than type, and text after the cursor, complete nothing", () => {
    expect(at(`id: a\nnamespace: b|`)).toBeNull();
    expect(at(`tasks:\n  - id: a\n    mess|age: hi`)).toBeNull();
  });
});

describe("keyOptions", () => {
  const catalog: CompletionCatalog = {
    task: [{ type: LOG, properties: [{ name: "id", required: true }, { name: "type", required: true }, { name: "message", required: true }, { name: "level", required: false }] }],
    trigger: [],
    condition: [],
    flow: [{ name: "id", required: true }, { name: "namespace", required: true }, { name: "description", required: false }],
  };

  test("the type's properties not written yet", () => {
    const ctx = at(`tasks:\n  - id: hello\n    type: ${LOG}\n    |`);
    expect(keyOptions(ctx as never, catalog).map((p) => p.name)).toEqual(["message", "level"]);
  });

  test("without a type: id and type", () => {
    const ctx = at(`tasks:\n  - |`);
    expect(keyOptions(ctx as never, catalog).map((p) => p.name)).toEqual(["id", "type"]);
  });

  test("the flow's keys at the top", () => {
    const ctx = at(`id: a\n|`);
    expect(keyOptions(ctx as never, catalog).map((p) => p.name)).toEqual(["namespace", "description"]);
  });
});

describe("typeAtCursor (the editor's docs panel)", () => {
  const flow = [
    "id: a",
    "namespace: b",
    "tasks:",
    "  - id: check",
    "    type: io.kestra.plugin.core.flow.If",
    "    condition: x",
    "    then:",
    "      - id: hello",
    `        type: ${LOG}`,
    "        message: |",
    "          hi there",
    "triggers:",
    "  - id: daily",
    "    type: io.kestra.plugin.core.trigger.Schedule",
    "    cron: '0 * * * *'",
  ].join("\n");
  const posOf = (needle: string) => flow.indexOf(needle) + 1;

  test("the task whose mapping holds the cursor, on any of its lines", () => {
    expect(typeAtCursor(flow, posOf("id: hello"))).toEqual({ type: LOG, category: "task" });
    expect(typeAtCursor(flow, posOf("hi there"))).toEqual({ type: LOG, category: "task" });
    expect(typeAtCursor(flow, posOf("condition: x"))).toEqual({ type: "io.kestra.plugin.core.flow.If", category: "task" });
    expect(typeAtCursor(flow, posOf("then:"))).toEqual({ type: "io.kestra.plugin.core.flow.If", category: "task" });
  });

  test("triggers, and nothing at the flow's own keys", () => {
    expect(typeAtCursor(flow, posOf("cron:"))).toEqual({ type: "io.kestra.plugin.core.trigger.Schedule", category: "trigger" });
    expect(typeAtCursor(flow, posOf("namespace: b"))).toBeNull();
    expect(typeAtCursor(flow, 0)).toBeNull();
  });
});

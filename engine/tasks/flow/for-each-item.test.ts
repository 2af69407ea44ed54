import { describe, expect, it } from "vitest";
import { runFlowInMemory } from "@/engine/memory";
import { flowJsonSchema } from "@/engine/flow/json-schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { flowCompletionCatalog } from "@/lib/ui/flow-catalog";
import { MAX_BATCHES } from "./for-each-item";

/**
 * flow.ForEachItem after Kestra's ForEachItemCaseTest (core/src/test/java/io/kestra/plugin/core/
 * flow/ForEachItemCaseTest.java and the for-each-item*.yaml flows it runs), on the in-memory engine.
 */
const lines = (n: number) => Array.from({ length: n }, (_, i) => `item ${i + 1}`).join("\n") + "\n";

const parent = (each: string, content = lines(10)) => `
id: for-each-item
namespace: tests.flow
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    extension: .txt
    content: ${JSON.stringify(content)}
  - id: each
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ outputs.write.uri }}"
    namespace: tests.flow
    inputs:
      items: "{{ taskrun.items }}"
      iteration: "{{ taskrun.iteration }}"
${each}
`;

const child = `
id: child
namespace: tests.flow
inputs:
  - id: items
    type: STRING
  - id: iteration
    type: INT
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ read(inputs.items) }}"
outputs:
  - id: count
    type: INT
    value: "{{ read(inputs.items) | trim | split('\\n') | length }}"
`;

const failing = `
id: child-fails
namespace: tests.flow
inputs:
  - id: items
    type: STRING
  - id: iteration
    type: INT
tasks:
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
`;

async function run(each: string, content?: string) {
  const r = await runFlowInMemory({ flow: parent(each, content), flows: [child, failing] });
  const runs = (taskId: string) => r.execution.taskRunList.filter((t) => t.taskId === taskId);
  const children = [...r.engine.executions.values()].filter((e) => e.id !== r.execution.id).sort((a, b) => Number(a.trigger?.variables?.taskRunIteration) - Number(b.trigger?.variables?.taskRunIteration));
  return { ...r, runs, children };
}

describe("flow.ForEachItem (ForEachItemCaseTest)", () => {
  it("starts one subflow per batch of rows and counts their end states (forEachItem, forEachItemWithSubflowOutputs)", async () => {
    const r = await run(`    flowId: child\n    batch:\n      rows: 4`);
    expect(r.execution.state.current).toBe("SUCCESS");
    expect(r.execution.taskRunList.map((t) => t.taskId)).toEqual(["write", "each", "each_split", "each_items", "each_merge"]);
    const items = r.runs("each_items")[0];
    expect(items.outputs).toMatchObject({ numberOfBatches: 3, iterations: { CREATED: 0, RUNNING: 0, SUCCESS: 3 } });
    expect(items.attempts?.at(-1)?.state.current).toBe("SUCCESS");

    expect(r.children).toHaveLength(3);
    expect(r.children.map((c) => c.trigger?.variables?.taskRunIteration)).toEqual([0, 1, 2]);
    expect(r.children.map((c) => c.inputs?.iteration)).toEqual([0, 1, 2]);
    for (const c of r.children) {
      expect(c.state.current).toBe("SUCCESS");
      expect(String(c.inputs?.items)).toMatch(/^kestra:\/\/\/tests\/flow\/for-each-item\/executions\/.+\/tasks\/each_split\/.+\.txt$/);
      expect(c.labels.find((l) => l.key === "system.correlationId")?.value).toBe(r.execution.id);
    }
    // Batches of 4, 4 and 2 lines, each read by its subflow.
    expect(r.children.map((c) => c.outputs?.count)).toEqual([4, 4, 2]);
    const merged = r.runs("each_merge")[0].outputs?.subflowOutputs as string;
    const text = new TextDecoder().decode(r.engine.storage.files.get(merged));
    expect(text.trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ count: 4 }, { count: 4 }, { count: 2 }]);
  });

  it("fails with the subflows when transmitFailed (forEachItemFailed), and not without it", async () => {
    const failed = await run(`    flowId: child-fails\n    batch:\n      rows: 5`);
    expect(failed.execution.state.current).toBe("FAILED");
    expect(failed.runs("each_merge")).toHaveLength(0);
    expect(failed.runs("each_items")[0].state.current).toBe("FAILED");
    expect(failed.runs("each_items")[0].outputs).toMatchObject({ numberOfBatches: 2, iterations: { CREATED: 0, RUNNING: 0, FAILED: 2 } });
    expect(failed.children.map((c) => c.state.current)).toEqual(["FAILED", "FAILED"]);

    const tolerated = await run(`    flowId: child-fails\n    transmitFailed: false\n    batch:\n      rows: 5`);
    expect(tolerated.execution.state.current).toBe("SUCCESS");
    expect(tolerated.runs("each_items")[0].outputs).toMatchObject({ iterations: { FAILED: 2 } });
  });

  it("does not wait for the subflows with wait: false (forEachItemNoWait)", async () => {
    const r = await run(`    flowId: child-fails\n    wait: false`, lines(3));
    expect(r.execution.state.current).toBe("SUCCESS");
    const items = r.runs("each_items")[0];
    expect(items.outputs).toMatchObject({ numberOfBatches: 3, iterations: { RUNNING: 0, SUCCESS: 3 } });
    expect(items.outputs?.iterations).not.toHaveProperty("CREATED");
    // The subflows still ran (and failed) on their own.
    expect(r.children.map((c) => c.state.current)).toEqual(["FAILED", "FAILED", "FAILED"]);
  });

  it("splits by partitions and by bytes", async () => {
    const partitions = await run(`    flowId: child\n    batch:\n      partitions: 2`, lines(5));
    expect(partitions.children.map((c) => c.outputs?.count)).toEqual([3, 2]);
    const bytes = await run(`    flowId: child\n    batch:\n      bytes: "14B"`, lines(5));
    expect(bytes.children.map((c) => c.outputs?.count)).toEqual([2, 2, 1]);
  });

  it("gives each subflow its labels, and the parent's with inheritLabels", async () => {
    const r = await runFlowInMemory({
      flow: parent(`    flowId: child\n    inheritLabels: true\n    labels:\n      batchOf: "{{ flow.id }}"`, lines(2)),
      flows: [child],
      labels: [{ key: "team", value: "data" }],
    });
    const children = [...r.engine.executions.values()].filter((e) => e.flowId === "child");
    expect(children).toHaveLength(2);
    for (const c of children) {
      expect(c.labels).toEqual(expect.arrayContaining([{ key: "team", value: "data" }, { key: "batchOf", value: "for-each-item" }]));
    }
  });

  it("starts no subflow for an empty file (forEachItemEmptyItems)", async () => {
    const r = await run(`    flowId: child`, "");
    expect(r.execution.state.current).toBe("SUCCESS");
    expect(r.execution.taskRunList).toHaveLength(5);
    expect(r.runs("each_items")[0].outputs).toBeNull();
    expect(r.children).toHaveLength(0);
  });

  it("refuses items that are not an internal storage URI", async () => {
    const r = await runFlowInMemory({
      flow: parent(`    flowId: child`).replace('items: "{{ outputs.write.uri }}"', "items: https://example.com/items.txt"),
      flows: [child],
    });
    expect(r.execution.state.current).toBe("FAILED");
    expect(r.logs.map((l) => l.message)).toContain("Unable to split the items from https://example.com/items.txt, this is not an internal storage URI!");
  });

  for (const behavior of ["RETRY_FAILED", "NEW_EXECUTION"]) {
    it(`restarts with restartBehavior ${behavior} (restartForEachItem)`, async () => {
      const flaky = `
id: flaky
namespace: tests.flow
inputs:
  - id: items
    type: STRING
  - id: iteration
    type: INT
tasks:
  - id: maybe
    type: io.kestra.plugin.core.execution.Fail
    runIf: "{{ kv('fixed') == null }}"
`;
      const { execution, engine } = await runFlowInMemory({ flow: parent(`    flowId: flaky\n    restartBehavior: ${behavior}`, lines(3)), flows: [flaky] });
      expect(execution.state.current).toBe("FAILED");
      const before = execution.taskRunList.find((t) => t.taskId === "each_items")?.outputs?.executionIds as string[];
      expect(before).toHaveLength(3);

      await engine.kv.set("tests.flow", "fixed", true);
      engine.restart(execution.id);
      await engine.runUntilIdle();
      const restarted = engine.get(execution.id);
      expect(restarted.state.current).toBe("SUCCESS");
      const items = restarted.taskRunList.find((t) => t.taskId === "each_items");
      expect(items?.outputs).toMatchObject({ numberOfBatches: 3, iterations: { CREATED: 0, SUCCESS: 3 } });
      const after = items?.outputs?.executionIds as string[];
      const children = [...engine.executions.values()].filter((e) => e.flowId === "flaky");
      if (behavior === "RETRY_FAILED") {
        expect(after).toEqual(before);
        expect(children).toHaveLength(3);
      } else {
        expect(after.some((id) => before.includes(id))).toBe(false);
        expect(children).toHaveLength(6);
      }
      for (const id of after) expect(engine.get(id).state.current).toBe("SUCCESS");
    });
  }

  it(`fails with a clear message, before starting any subflow, when the file would make more than ${MAX_BATCHES} batches`, async () => {
    const r = await run(`    flowId: child\n    batch:\n      rows: 1`, lines(MAX_BATCHES + 1));
    expect(r.execution.state.current).toBe("FAILED");
    expect(r.runs("each_split")[0].state.current).toBe("FAILED");
    expect(r.children).toHaveLength(0);
    expect(r.logs.map((l) => l.message)).toContain(
      `ForEachItem would start ${MAX_BATCHES + 1} subflow executions, more than the limit of ${MAX_BATCHES} batches: make the batches bigger (batch.rows, batch.bytes) or set fewer batch.partitions`,
    );
    // More partitions than lines: as many batches as lines (empty partitions are dropped), not a failure.
    const partitions = await run(`    flowId: child\n    batch:\n      partitions: 1000000`, lines(3));
    expect(partitions.execution.state.current).toBe("SUCCESS");
    expect(partitions.children).toHaveLength(3);
  });

  it("keeps its inner tasks out of flows, the JSON schema and the editor's completion", () => {
    const inner = ["ForEachItemSplit", "ForEachItemExecutable", "ForEachItemMergeOutputs"].map((n) => `io.kestra.plugin.core.flow.ForEachItem$${n}`);
    const catalog = flowCompletionCatalog();
    const listed = [...catalog.task, ...catalog.trigger, ...catalog.condition].map((p) => p.type);
    expect(listed).toContain("io.kestra.plugin.core.flow.ForEachItem");
    for (const type of inner) {
      expect(listed).not.toContain(type);
      expect(JSON.stringify(flowJsonSchema())).not.toContain(type);
      const parsed = validateFlowSource(`id: f\nnamespace: tests.flow\ntasks:\n  - id: s\n    type: ${type}\n    items: x\n`);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(JSON.stringify(parsed.errors)).toContain("is internal to the engine and cannot be written in a flow");
    }
  });
});

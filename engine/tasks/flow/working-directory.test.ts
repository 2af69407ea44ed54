import { describe, expect, it } from "vitest";
import { MemoryEngine, runFlowInMemory } from "@/engine/memory";
import { validateFlowSource } from "@/engine/flow/validate";

/**
 * flow.WorkingDirectory with storage.LocalFiles, after Kestra's WorkingDirectoryTest and
 * LocalFilesTest (core/src/test/java/io/kestra/plugin/core/flow/WorkingDirectoryTest.java,
 * core/.../storage/LocalFilesTest.java), on the in-memory engine (script tasks sharing the
 * directory are tested on the real engine: tests/integration/working-directory.test.ts).
 */
const flow = (tasks: string) => `
id: wd
namespace: tests.flow
tasks:
${tasks}
`;

describe("flow.WorkingDirectory and storage.LocalFiles", () => {
  it("tasks share one directory: files written by one are read by the next, seeded by inputFiles", async () => {
    const r = await runFlowInMemory({
      flow: flow(`  - id: file
    type: io.kestra.plugin.core.storage.Write
    content: "from storage"
    extension: .txt
  - id: dir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      seed.txt: "seeded"
    tasks:
      - id: put
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          hello.txt: "Hello {{ flow.id }}"
          sub/dir/copy.txt: "{{ outputs.file.uri }}"
      - id: take
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - "**.txt"
      - id: only-sub
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - sub/**`),
    });
    expect(r.execution.state.current).toBe("SUCCESS");
    const outputs = (id: string) => r.execution.taskRunList.find((t) => t.taskId === id)?.outputs ?? {};
    const uris = outputs("take").uris as Record<string, string>;
    expect(Object.keys(uris).sort()).toEqual(["hello.txt", "seed.txt", "sub/dir/copy.txt"]);
    expect(r.engine.storage.text(uris["hello.txt"])).toBe("Hello wd");
    expect(r.engine.storage.text(uris["sub/dir/copy.txt"])).toBe("from storage");
    expect(r.engine.storage.text(uris["seed.txt"])).toBe("seeded");
    expect(Object.keys(outputs("only-sub").uris as object)).toEqual(["sub/dir/copy.txt"]);
  });

  it("each WorkingDirectory run has its own directory: another execution, or another WorkingDirectory, sees none of its files", async () => {
    const engine = new MemoryEngine();
    engine.addFlow(
      flow(`  - id: one
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: put
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          mine.txt: "{{ execution.id }}"
  - id: two
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: look
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs: ["*"]`),
    );
    const first = engine.start({ namespace: "tests.flow", flowId: "wd" });
    const second = engine.start({ namespace: "tests.flow", flowId: "wd" });
    await engine.runUntilIdle();
    for (const e of [first, second]) {
      const done = engine.get(e.id);
      expect(done.state.current).toBe("SUCCESS");
      expect(done.taskRunList.find((t) => t.taskId === "look")?.outputs?.uris).toEqual({});
    }
  });

  it("LocalFiles outside a WorkingDirectory fails with a clear message; a path leaving the directory is refused", async () => {
    const outside = await runFlowInMemory({ flow: flow(`  - id: lf\n    type: io.kestra.plugin.core.storage.LocalFiles\n    outputs: ["*"]`) });
    expect(outside.execution.state.current).toBe("FAILED");
    expect(outside.engine.logs.some((l) => l.message.startsWith("LocalFiles must run inside"))).toBe(true);

    const escape = await runFlowInMemory({
      flow: flow(`  - id: dir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    tasks:
      - id: lf
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          ../../other/steal.txt: "x"`),
    });
    expect(escape.execution.state.current).toBe("FAILED");
    expect(escape.engine.logs.some((l) => l.message === "'../../other/steal.txt' must be a relative path inside the working directory")).toBe(true);
  });

  it("accepts Kestra's older names; a cache needs patterns and a duration ttl", () => {
    for (const type of ["io.kestra.core.tasks.flows.WorkingDirectory", "io.kestra.core.tasks.flows.Worker"]) {
      expect(validateFlowSource(flow(`  - id: d\n    type: ${type}\n    tasks:\n      - id: l\n        type: io.kestra.core.tasks.storages.LocalFiles\n        inputs: {a.txt: x}`)).ok).toBe(true);
    }
    const withCache = (cache: string) =>
      validateFlowSource(flow(`  - id: d\n    type: io.kestra.plugin.core.flow.WorkingDirectory\n    cache:\n${cache}\n    tasks:\n      - id: l\n        type: io.kestra.plugin.core.log.Log\n        message: x`));
    expect(withCache("      patterns: ['*.txt']\n      ttl: PT5M").ok).toBe(true);
    const noPatterns = withCache("      ttl: PT5M");
    expect(noPatterns.ok).toBe(false);
    const badTtl = withCache("      patterns: ['*.txt']\n      ttl: five minutes");
    expect(badTtl.ok).toBe(false);
    if (!badTtl.ok) expect(JSON.stringify(badTtl.errors)).toContain("ISO-8601 duration");
  });

  it("outputFiles sends the matching files to internal storage as the WorkingDirectory's outputs (Kestra's WorkingDirectoryTest.outputFiles)", async () => {
    const r = await runFlowInMemory({
      flow: flow(`  - id: dir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    outputFiles: ["*.txt", "sub/**"]
    tasks:
      - id: write
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          out.txt: "result"
          skip.csv: "no"
          sub/deep.json: "{}"
  - id: read
    type: io.kestra.plugin.core.log.Log
    message: "{{ read(outputs.dir.outputFiles['out.txt']) }}"`),
    });
    expect(r.execution.state.current).toBe("SUCCESS");
    const dir = r.execution.taskRunList.find((t) => t.taskId === "dir")!;
    expect(Object.keys((dir.outputs as { outputFiles: Record<string, string> }).outputFiles).sort()).toEqual(["out.txt", "sub/deep.json"]);
    expect(r.logs.map((l) => l.message)).toContain("result");
  });

  it("cache: a second execution of the flow starts with the files the first kept; after the ttl they are gone (Kestra's WorkingDirectoryTest.cache)", async () => {
    const engine = new MemoryEngine({ clock: Date.parse("2024-01-01T00:00:00Z") });
    engine.addFlow(`
id: cached
namespace: tests.flow
tasks:
  - id: workingDir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    cache:
      ttl: PT5M
      patterns:
        - "*.txt"
    tasks:
      - id: exists
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - hello.txt
      - id: inputFiles
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          hello.txt: HELLO WORLD
          other.csv: not cached
`);
    engine.addFlow(`
id: other
namespace: tests.flow
tasks:
  - id: workingDir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    cache:
      patterns: ["*.txt"]
    tasks:
      - id: exists
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs: ["*"]
`);
    const uris = async (flowId: string) => {
      const started = engine.start({ namespace: "tests.flow", flowId });
      await engine.runUntilIdle();
      const done = engine.get(started.id);
      expect(done.state.current).toBe("SUCCESS");
      return Object.keys((done.taskRunList.find((t) => t.taskId === "exists")!.outputs as { uris: Record<string, string> }).uris);
    };
    expect(await uris("cached")).toEqual([]);
    expect(await uris("cached")).toEqual(["hello.txt"]);
    // Another flow (same task id) has a cache of its own.
    expect(await uris("other")).toEqual([]);
    // The cache is not rewritten when its files did not change: its ttl runs from the first run.
    (engine as unknown as { now: number }).now += 6 * 60_000;
    expect(await uris("cached")).toEqual([]);
  });
});

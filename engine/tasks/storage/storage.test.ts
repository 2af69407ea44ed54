import { describe, expect, it } from "vitest";
import { runFlowInMemory } from "@/engine/memory";
import { summary } from "@/engine/executor/test-helpers";

/**
 * Kestra's storage tasks, each after its Kestra test (core/src/test/java/io/kestra/plugin/
 * core/storage/*Test.java), run end to end on the in-memory engine: a Write task makes the
 * file, the task under test reads it, a Return shows what it produced.
 */
const flow = (tasks: string) => `
id: storage
namespace: tests.storage
tasks:
${tasks}
`;

const write = (content: string, extension = ".txt") => `  - id: file
    type: io.kestra.plugin.core.storage.Write
    content: ${JSON.stringify(content)}
    extension: "${extension}"
`;

async function run(tasks: string) {
  const result = await runFlowInMemory({ flow: flow(tasks) });
  const storage = result.engine.storage;
  const outputs = (taskId: string) => result.execution.taskRunList.find((r) => r.taskId === taskId)?.outputs ?? {};
  const text = (uri: unknown) => storage.text(String(uri));
  return { ...result, outputs, text };
}

describe("storage tasks", () => {
  it("Size gives a file's size in bytes (SizeTest)", async () => {
    const r = await run(`${write("héllo")}  - id: size
    type: io.kestra.plugin.core.storage.Size
    uri: "{{ outputs.file.uri }}"`);
    expect(summary(r.execution)).toEqual(["file:SUCCESS", "size:SUCCESS"]);
    expect(r.outputs("size").size).toBe(6);
  });

  it("Delete removes the file, and says when there was none (DeleteTest)", async () => {
    const r = await run(`${write("x")}  - id: del
    type: io.kestra.plugin.core.storage.Delete
    uri: "{{ outputs.file.uri }}"
  - id: again
    type: io.kestra.plugin.core.storage.Delete
    uri: "{{ outputs.file.uri }}"
  - id: strict
    type: io.kestra.plugin.core.storage.Delete
    uri: "{{ outputs.file.uri }}"
    errorOnMissing: true`);
    expect(r.outputs("del")).toMatchObject({ deleted: true });
    expect(r.outputs("again")).toMatchObject({ deleted: false });
    expect(summary(r.execution)).toEqual(["file:SUCCESS", "del:SUCCESS", "again:SUCCESS", "strict:FAILED"]);
    expect(r.text(r.outputs("file").uri)).toBeNull();
  });

  it("Reverse writes the lines last first, keeping the extension (ReverseTest)", async () => {
    const r = await run(`${write("1\n2\n3\n", ".csv")}  - id: rev
    type: io.kestra.plugin.core.storage.Reverse
    from: "{{ outputs.file.uri }}"`);
    expect(r.text(r.outputs("rev").uri)).toBe("3\n2\n1\n");
    expect(String(r.outputs("rev").uri)).toMatch(/\.csv$/);
  });

  it("Split by rows, partitions, bytes and regex (SplitTest)", async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`).join("\n");
    const r = await run(`${write(lines)}  - id: rows
    type: io.kestra.plugin.core.storage.Split
    from: "{{ outputs.file.uri }}"
    rows: 4
  - id: partitions
    type: io.kestra.plugin.core.storage.Split
    from: "{{ outputs.file.uri }}"
    partitions: 3
  - id: bytes
    type: io.kestra.plugin.core.storage.Split
    from: "{{ outputs.file.uri }}"
    bytes: "14"
  - id: regex
    type: io.kestra.plugin.core.storage.Split
    from: "{{ outputs.file.uri }}"
    regexPattern: "line (\\\\d)"`);
    const texts = (id: string) => (r.outputs(id).uris as string[]).map(r.text);
    expect(texts("rows")).toEqual(["line 0\nline 1\nline 2\nline 3\n", "line 4\nline 5\nline 6\nline 7\n", "line 8\nline 9\n"]);
    expect(texts("partitions")).toEqual(["line 0\nline 3\nline 6\nline 9\n", "line 1\nline 4\nline 7\n", "line 2\nline 5\nline 8\n"]);
    // Each line is 7 bytes with its separator: a file is full once it holds 14.
    expect(texts("bytes")).toHaveLength(5);
    expect(texts("regex")).toHaveLength(10);
  });

  it("Split's regexPattern runs in linear time: a pattern that would backtrack for minutes ends at once", async () => {
    const at = Date.now();
    const r = await run(`${write(`${"a".repeat(40)}!\nab\n`)}  - id: regex
    type: io.kestra.plugin.core.storage.Split
    from: "{{ outputs.file.uri }}"
    regexPattern: "^(a+)+b$"`);
    expect(Date.now() - at).toBeLessThan(5000);
    expect((r.outputs("regex").uris as string[]).map(r.text)).toEqual(["ab\n"]);
  });

  it("Split without a way to split is refused when the flow is saved", async () => {
    await expect(run(`${write("a")}  - id: s
    type: io.kestra.plugin.core.storage.Split
    from: "{{ outputs.file.uri }}"`)).rejects.toThrow(/one of bytes, partitions, rows or regexPattern/);
  });

  it("Concat joins files in order, the separator after each (ConcatTest)", async () => {
    const r = await run(`${write("a")}  - id: second
    type: io.kestra.plugin.core.storage.Write
    content: b
  - id: list
    type: io.kestra.plugin.core.storage.Concat
    files:
      - "{{ outputs.file.uri }}"
      - "{{ outputs.second.uri }}"
    separator: "\\n"
  - id: json
    type: io.kestra.plugin.core.storage.Concat
    files: "[\\"{{ outputs.second.uri }}\\", \\"{{ outputs.file.uri }}\\"]"
    extension: .txt`);
    expect(r.text(r.outputs("list").uri)).toBe("a\nb\n");
    expect(r.text(r.outputs("json").uri)).toBe("ba");
    expect(String(r.outputs("json").uri)).toMatch(/\.txt$/);
  });

  it("FilterItems keeps what matches, drops the rest, and counts (FilterItemsTest)", async () => {
    const ion = '{id:1,name:"a",amount:5}\n{id:2,name:"b",amount:50}\n{"id":3,"name":"c","amount":500}\n';
    const r = await run(`${write(ion, ".ion")}  - id: keep
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.file.uri }}"
    filterCondition: "{{ amount > 10 }}"
  - id: drop
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.file.uri }}"
    filterCondition: "{{ amount > 10 }}"
    filterType: EXCLUDE`);
    expect(r.outputs("keep")).toMatchObject({ processedItemsTotal: 3, droppedItemsTotal: 1 });
    expect(r.text(r.outputs("keep").uri)).toBe('{id:2,name:"b",amount:50}\n{"id":3,"name":"c","amount":500}\n');
    expect(r.outputs("drop")).toMatchObject({ processedItemsTotal: 3, droppedItemsTotal: 2 });
    expect(r.text(r.outputs("drop").uri)).toBe('{id:1,name:"a",amount:5}\n');
  });

  it("FilterItems fails on an expression error unless told to include or exclude the item", async () => {
    const ion = "{id:1}\n{id:2,nested:{x:1}}\n";
    const r = await run(`${write(ion, ".ion")}  - id: lenient
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.file.uri }}"
    filterCondition: "{{ nested.x == 1 }}"
    errorOrNullBehavior: EXCLUDE
  - id: strict
    type: io.kestra.plugin.core.storage.FilterItems
    from: "{{ outputs.file.uri }}"
    filterCondition: "{{ nested.x == 1 }}"`);
    expect(r.outputs("lenient")).toMatchObject({ processedItemsTotal: 2, droppedItemsTotal: 1 });
    expect(summary(r.execution)).toEqual(["file:SUCCESS", "lenient:SUCCESS", "strict:FAILED"]);
  });

  it("DeduplicateItems keeps the last item of each key (DeduplicateItemsTest)", async () => {
    const ion = '{email:"kelly@example.com",n:1}\n{email:"miguel@example.com",n:2}\n{email:"kelly@example.com",n:3}\n';
    const r = await run(`${write(ion, ".ion")}  - id: dedup
    type: io.kestra.plugin.core.storage.DeduplicateItems
    from: "{{ outputs.file.uri }}"
    expr: "{{ email }}"`);
    expect(r.outputs("dedup")).toMatchObject({ numKeys: 2, processedItemsTotal: 3, droppedItemsTotal: 1 });
    expect(r.text(r.outputs("dedup").uri)).toBe('{email:"miguel@example.com",n:2}\n{email:"kelly@example.com",n:3}\n');
  });

  it("PurgeCurrentExecutionFiles deletes this execution's files (PurgeCurrentExecutionFilesTest)", async () => {
    const r = await run(`${write("a")}  - id: second
    type: io.kestra.plugin.core.storage.Write
    content: b
  - id: purge
    type: io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles`);
    expect(r.outputs("purge").uris).toHaveLength(2);
    expect(r.text(r.outputs("file").uri)).toBeNull();
    expect(r.text(r.outputs("second").uri)).toBeNull();
  });
});

describe("other core tasks", () => {
  it("kv.GetKeys lists a namespace's keys, by prefix (GetKeysTest)", async () => {
    const result = await runFlowInMemory({
      flow: flow(`  - id: all
    type: io.kestra.plugin.core.kv.GetKeys
  - id: some
    type: io.kestra.plugin.core.kv.GetKeys
    prefix: "user_"
  - id: other
    type: io.kestra.plugin.core.kv.GetKeys
    namespace: tests.other`),
      services: {
        kv: [
          { namespace: "tests.storage", key: "user_b", value: 1 },
          { namespace: "tests.storage", key: "user_a", value: 2 },
          { namespace: "tests.storage", key: "team", value: 3 },
          { namespace: "tests.other", key: "elsewhere", value: 4 },
        ],
      },
    });
    const outputs = (id: string) => result.execution.taskRunList.find((r) => r.taskId === id)?.outputs;
    expect(outputs("all")).toEqual({ keys: ["team", "user_a", "user_b"] });
    expect(outputs("some")).toEqual({ keys: ["user_a", "user_b"] });
    expect(outputs("other")).toEqual({ keys: ["elsewhere"] });
  });

  it("the deprecated debug.Echo logs its format at its level", async () => {
    const result = await runFlowInMemory({
      flow: flow(`  - id: echo
    type: io.kestra.core.tasks.debugs.Echo
    format: "hello {{ flow.id }}"
    level: WARN`),
    });
    expect(result.execution.state.current).toBe("SUCCESS");
    expect(result.logs.map((l) => [l.level, l.message])).toContainEqual(["WARN", "hello storage"]);
  });
});

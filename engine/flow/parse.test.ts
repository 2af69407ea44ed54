import { describe, expect, it } from "vitest";
import { MAX_BULK_SOURCE_BYTES, MAX_FLOW_SOURCE_BYTES, parseYaml, splitDocuments } from "./parse";
import { validateFlowDocuments, validateFlowSource } from "./validate";

const FLOW = "id: f\nnamespace: ns\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";

function codes(result: { ok: boolean; errors?: { code?: string }[] }) {
  return result.ok ? [] : (result.errors ?? []).map((e) => e.code);
}

describe("parseYaml", () => {
  it("keeps positions for the parsed document", () => {
    const result = parseYaml(FLOW);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.lineCounter.linePos(FLOW.indexOf("tasks"))).toEqual({ line: 3, col: 1 });
  });

  it("rejects a 10 MB source without parsing it", () => {
    const big = FLOW + `description: "${"x".repeat(10 * 1024 * 1024)}"\n`;
    const started = performance.now();
    const result = validateFlowSource(big);
    expect(codes(result)).toEqual(["too_large"]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("counts UTF-8 bytes, not characters", () => {
    // 400 Ki of a 3-byte character: 1.2 MiB in UTF-8, under 1 Mi characters.
    const source = `id: f\ndescription: "${"€".repeat(400 * 1024)}"\n`;
    expect(source.length).toBeLessThan(MAX_FLOW_SOURCE_BYTES);
    expect(codes(parseYaml(source))).toEqual(["too_large"]);
  });

  it("accepts a source just under the limit", () => {
    const source = FLOW + `description: "${"x".repeat(MAX_FLOW_SOURCE_BYTES - FLOW.length - 100)}"\n`;
    expect(validateFlowSource(source).ok).toBe(true);
  });

  it("stops a billion-laughs alias bomb", () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [prev, name] of [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"], ["e", "f"], ["f", "g"], ["g", "h"], ["h", "i"]]) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const bomb = `id: f\nnamespace: ns\nvariables:\n${rows.map((r) => `  ${r}`).join("\n")}\ntasks: []\n`;
    const started = performance.now();
    const result = validateFlowSource(bomb);
    expect(codes(result)).toEqual(["alias_limit"]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("still allows a few aliases and merge keys", () => {
    const source = [
      "id: f",
      "namespace: ns",
      "variables:",
      "  base: &base { region: eu, tier: gold }",
      "  copy:",
      "    <<: *base",
      "    tier: silver",
      "tasks:",
      "  - id: a",
      "    type: io.kestra.plugin.core.log.Log",
      "    message: &m hello",
      "  - id: b",
      "    type: io.kestra.plugin.core.log.Log",
      "    message: *m",
    ].join("\n");
    const result = validateFlowSource(source);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.flow.variables?.copy).toEqual({ region: "eu", tier: "silver" });
      expect(result.flow.tasks[1].message).toBe("hello");
    }
  });

  it("rejects absurd nesting", () => {
    const source = `id: f\nnamespace: ns\nvariables:\n  x: ${"[".repeat(300)}${"]".repeat(300)}\n`;
    expect(codes(validateFlowSource(source))).toEqual(["too_deep"]);
  });

  it("rejects several documents, pointing at the second", () => {
    const result = parseYaml(`${FLOW}---\nid: g\n`);
    expect(result.ok ? [] : result.errors).toEqual([
      expect.objectContaining({ code: "multiple_documents", line: 7 }),
    ]);
  });

  it("ignores a trailing document marker", () => {
    expect(validateFlowSource(`---\n${FLOW}---\n`).ok).toBe(true);
  });

  it("never throws on garbage", () => {
    for (const junk of ["\u0000\u0001", "{{{{", "key: [}", "? ? ?", "*undefined_alias", "!!js/function x", "%YAML 9.9\n---\na: 1", "\t\t- -", "a: 'unterminated"]) {
      expect(() => validateFlowSource(junk)).not.toThrow();
      expect(validateFlowSource(junk).ok).toBe(false);
    }
  });
});

describe("splitDocuments", () => {
  it("splits on --- and reports where each document starts", () => {
    const body = `# leading comment\n${FLOW}---\n# only a comment\n---\n${FLOW.replace("id: f", "id: g")}...\n`;
    const result = splitDocuments(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.documents.map((d) => d.line)).toEqual([1, 11]);
    expect(result.documents[0].source.startsWith("# leading comment\nid: f")).toBe(true);
    expect(result.documents[1].source).toBe(FLOW.replace("id: f", "id: g"));
  });

  it("reports an empty body", () => {
    expect(codes(splitDocuments("# nothing\n---\n"))).toEqual(["empty"]);
  });

  it("caps the body size", () => {
    expect(codes(splitDocuments("x".repeat(MAX_BULK_SOURCE_BYTES + 1)))).toEqual(["too_large"]);
  });

  it("validates each document with lines of the whole body", () => {
    const body = `${FLOW}---\nid: g\nnamespace: ns\ntasks:\n  - id: a\n    type: nope\n`;
    const result = validateFlowDocuments(body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, second] = result.documents;
    expect(first.ok).toBe(true);
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.errors).toEqual([
      expect.objectContaining({ path: "tasks[0].type", line: 12, column: 11 }),
    ]);
  });
});

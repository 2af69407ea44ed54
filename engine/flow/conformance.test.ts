import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveShortType } from "@/engine/tasks/registry";
import { allTasks } from "./walk";
import { validateFlowSource } from "./validate";

/**
 * Kestra's own example flows (../shared/conformance, outside the repo, see
 * its README) must all validate. Skipped, loudly, when the corpus is absent.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const corpus = path.resolve(repoRoot, "../shared/conformance");
const flowsDir = path.join(corpus, "flows");
const present = existsSync(flowsDir);

type ExpectedRecord = {
  file: string;
  namespace: string;
  id: string;
  types: string[];
  expect: { parses?: boolean; topLevelTaskCount?: number; parsed?: Record<string, unknown> };
};

const files = present ? readdirSync(flowsDir).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
const records: ExpectedRecord[] = present && existsSync(path.join(corpus, "expected.json"))
  ? JSON.parse(readFileSync(path.join(corpus, "expected.json"), "utf8"))
  : [];

function validate(file: string) {
  return validateFlowSource(readFileSync(path.join(flowsDir, file), "utf8"));
}

describe.skipIf(!present)(`conformance flows (${present ? flowsDir : `SKIPPED: ${flowsDir} not found`})`, () => {
  it("finds the corpus", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)("%s validates", (file) => {
    const result = validate(file);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("matches the id, namespace and types of every expected.json record", () => {
    for (const record of records) {
      const result = validate(record.file);
      if (!result.ok) throw new Error(`${record.file}: ${JSON.stringify(result.errors)}`);
      expect({ id: result.flow.id, namespace: result.flow.namespace }).toEqual({ id: record.id, namespace: record.namespace });
      const used = new Set([
        ...allTasks(result.flow).map((t) => resolveShortType(t.task.type)),
        ...(result.flow.triggers ?? []).map((t) => resolveShortType(t.type)),
      ]);
      for (const short of record.types) {
        const type = resolveShortType(short);
        expect(type, `${record.file}: short type ${short}`).toBeDefined();
        expect(used.has(type), `${record.file} uses ${type}`).toBe(true);
      }
    }
  });

  it("parses what the parse-only records assert", () => {
    const parseOnly = records.filter((r) => r.expect.topLevelTaskCount !== undefined);
    expect(parseOnly.length).toBeGreaterThan(0);
    for (const record of parseOnly) {
      const result = validate(record.file);
      expect(result.ok && result.flow.tasks.length).toBe(record.expect.topLevelTaskCount);
    }
  });

  it("reads full.yaml's timeout and retry as Kestra does", () => {
    const result = validate("full.yaml");
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const t3 = result.flow.tasks[2];
    expect(t3.timeout).toBe("PT60M");
    expect(t3.retry).toMatchObject({ type: "constant", maxAttempt: 5, interval: "PT15M" });
  });
});

import { parseDuration } from "@/engine/executor/duration";
import { isTerminated } from "@/engine/executor/state";
import type { Execution, StateType } from "@/engine/executor/types";
import { validateFlowSource } from "@/engine/flow/validate";
import type { Corpus } from "./corpus";
import { checkExecution, descendants } from "./expect";
import { match } from "./matchers";
import { createRequest, prepare } from "./prepare";
import type { ConformanceDriver, ConformanceRecord, Expectation } from "./types";

const terminated = (e: Execution) => isTerminated(e.state.current);

/** Records that only assert that the flow parses (and a few parsed properties). */
export function runParseOnly(record: ConformanceRecord, corpus: Corpus): string[] {
  const result = validateFlowSource(corpus.source(record.file));
  if (!result.ok) return [`does not parse: ${result.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`];
  const out: string[] = [];
  const expect = record.expect;
  if (expect.topLevelTaskCount !== undefined && result.flow.tasks.length !== expect.topLevelTaskCount) {
    out.push(`topLevelTaskCount: expected ${String(expect.topLevelTaskCount)}, got ${result.flow.tasks.length}`);
  }
  for (const [where, expected] of Object.entries((expect.parsed ?? {}) as Record<string, unknown>)) {
    const actual = valueAt(result.flow, where);
    // "PT15M (900 s)": a duration written with its length, compared by length.
    const duration = typeof expected === "string" ? /^(P\S+) \((\d+) s\)$/.exec(expected) : null;
    if (duration) {
      if (typeof actual !== "string" || parseDuration(actual) !== Number(duration[2]) * 1000) out.push(`${where}: expected ${expected}, got ${String(actual)}`);
    } else {
      const r = match(actual, expected, () => undefined, where);
      if (r) out.push(r);
    }
  }
  return out;
}

/** `a.b[2].c` inside a value. */
export function valueAt(value: unknown, where: string): unknown {
  let current = value;
  for (const part of where.match(/[^.[\]]+/g) ?? []) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Webhook calls: each creates an execution whose trigger variables are checked. */
export async function runWebhooks(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver): Promise<string[]> {
  await prepare(record, corpus, driver);
  const out: string[] = [];
  for (const [i, call] of (record.trigger?.calls ?? []).entries()) {
    const url = new URL(call.path, "http://localhost");
    const [namespace, flowId, key] = url.pathname.split("/").slice(-3).map(decodeURIComponent);
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) query[k] = [...(query[k] ?? []), v];
    const json = call.jsonBody !== undefined;
    const execution = await driver.webhook({
      namespace,
      flowId,
      key,
      method: call.method,
      query,
      body: json ? JSON.stringify(call.jsonBody) : call.body,
      contentType: json ? "application/json" : call.body !== undefined ? "text/plain" : undefined,
    });
    if (!execution) {
      out.push(`call ${i}: no execution created`);
      continue;
    }
    for (const [where, expected] of Object.entries(call.expect)) {
      if (where === "executionCreated") continue;
      const label = /^labels\[(\d+)\]$/.exec(where);
      // A label written as {key: value} in the record.
      const actual = label ? labelAsMap(execution, Number(label[1])) : valueAt(execution, where);
      const r = match(actual, expected, () => undefined, `call ${i} ${where}`);
      if (r) out.push(r);
    }
  }
  return out;
}

function labelAsMap(execution: Execution, index: number): Record<string, string> | undefined {
  const label = execution.labels[index];
  return label ? { [label.key]: label.value } : undefined;
}

/** Upstream flows run in sequence; the listening flow must have been triggered. */
export async function runPreconditions(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver): Promise<string[]> {
  await prepare(record, corpus, driver);
  for (const step of record.trigger?.sequence ?? []) {
    const flowId = step.replace(/^run\s+/, "");
    const file = corpus.fileOf(flowId);
    const flow = file ? corpus.flow(file) : undefined;
    if (!flow) return [`unknown flow in trigger sequence: ${flowId}`];
    const execution = await driver.createExecution({ namespace: flow.namespace, flowId, inputsMode: "raw" });
    await driver.waitFor(execution.id, terminated);
  }
  const spec = record.expect.triggeredExecution as Expectation;
  const all = await driver.waitForExecutions((list) => list.some((e) => e.flowId === spec.flowId));
  const triggered = all.find((e) => e.flowId === spec.flowId);
  if (!triggered) return [`no execution of ${String(spec.flowId)} was triggered`];
  const end = await driver.waitFor(triggered.id, terminated);
  return checkExecution(spec, { driver, roles: { execution: end }, all: await driver.listExecutions() });
}

type ConcurrencySpec = { name: string; whenSecondStarted?: StateType; final: StateType; stateHistoryPrefix?: StateType[] };

/** A second execution started while the first runs: the flow's concurrency limit decides. */
export async function runConcurrency(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver): Promise<string[]> {
  await prepare(record, corpus, driver);
  const specs = record.expect.executions as ConcurrencySpec[];
  const first = await driver.createExecution(createRequest(record));
  const started = await driver.waitFor(first.id, (e) => !["CREATED", "QUEUED"].includes(e.state.current));
  const out: string[] = [];
  const expectedStarted = specs[0]?.whenSecondStarted;
  if (expectedStarted && (terminated(started) || !started.state.histories.some((h) => h.state === expectedStarted))) {
    out.push(`first: expected ${expectedStarted} when the second starts, got ${started.state.current}`);
  }
  const second = await driver.createExecution(createRequest(record));
  const ends = [await driver.waitFor(first.id, terminated), await driver.waitFor(second.id, terminated)];
  specs.forEach((spec, i) => {
    const end = ends[i];
    if (!end) return;
    if (end.state.current !== spec.final) out.push(`${spec.name}: expected ${spec.final}, got ${end.state.current}`);
    if (spec.stateHistoryPrefix) {
      const states = end.state.histories.map((h) => h.state);
      const prefix = states.slice(0, spec.stateHistoryPrefix.length);
      if (JSON.stringify(prefix) !== JSON.stringify(spec.stateHistoryPrefix)) {
        out.push(`${spec.name}: expected history to start with ${JSON.stringify(spec.stateHistoryPrefix)}, got ${JSON.stringify(states)}`);
      }
    }
  });
  return out;
}

/**
 * Records about a flow "executed as a descendant of" / "started by" another corpus flow:
 * the parent runs, and the expectation is checked on this flow's execution under it.
 */
export async function runContextChild(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver): Promise<string[] | undefined> {
  const parentId = /(?:descendant of|started by)\s+([\w.-]+)/.exec(record.context ?? "")?.[1];
  const parentFile = parentId ? corpus.fileOf(parentId) : undefined;
  const parentFlow = parentFile ? corpus.flow(parentFile) : undefined;
  if (!parentFile || !parentFlow) return undefined;
  await prepare(record, corpus, driver, [parentFile]);
  const root = await driver.createExecution({ namespace: parentFlow.namespace, flowId: parentFlow.id, inputsMode: "raw" });
  await driver.waitFor(root.id, terminated);
  const all = await driver.listExecutions();
  const mine = descendants(root, all).find((e) => e.namespace === record.namespace && e.flowId === record.id);
  if (!mine) return [`no execution of ${record.id} under ${parentFlow.id}`];
  const end = await driver.waitFor(mine.id, terminated);
  const parent = all.find((e) => e.id === end.trigger?.variables?.executionId);
  return checkExecution(record.expect, { driver, roles: { execution: end, root, parent }, all: await driver.listExecutions() });
}

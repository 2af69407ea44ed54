import { parseDuration } from "@/engine/executor/duration";
import { isTerminated } from "@/engine/executor/state";
import type { Execution } from "@/engine/executor/types";
import type { Corpus } from "./corpus";
import { checkExecution, descendants, pick, type Roles } from "./expect";
import { createRequest, prepare } from "./prepare";
import { runConcurrency, runContextChild, runParseOnly, runPreconditions, runWebhooks } from "./special";
import { SubmissionError, type ConformanceDriver, type ConformanceRecord, type Expectation, type FollowUp } from "./types";

export const terminated = (e: Execution) => isTerminated(e.state.current);

/**
 * Every execution, once the subflow children the expectation says end in a terminal state have
 * ended: a child may still be saving its last pass when its parent has ended (a child that
 * resumes its parent, a `wait: false` Subflow), on an engine with several workers.
 */
async function settledList(driver: ConformanceDriver, expect: Expectation, root: Execution): Promise<Execution[]> {
  const specs = Array.isArray(expect.subflowExecutions) ? (expect.subflowExecutions as { flowId?: unknown; state?: unknown }[]) : [];
  const awaited = new Set(specs.filter((spec) => typeof spec.state === "string" && isTerminated(spec.state as Execution["state"]["current"])).map((spec) => String(spec.flowId)));
  if (awaited.size === 0) return driver.listExecutions();
  return driver.waitForExecutions((list) => descendants(root, list).filter((x) => awaited.has(x.flowId)).every(terminated));
}

/** Runs one record against a driver: every mismatch is a reason; none means passed. */
export async function runScenario(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver): Promise<string[]> {
  if (record.strength === "parse-only") return runParseOnly(record, corpus);
  if (record.expect.see !== undefined) return [];
  if (record.trigger?.type === "Webhook") return runWebhooks(record, corpus, driver);
  if (record.trigger?.type === "Flow preconditions") return runPreconditions(record, corpus, driver);
  if (record.expect.executions !== undefined) return runConcurrency(record, corpus, driver);
  const child = await runContextChild(record, corpus, driver);
  if (child) return child;
  if (record.scheduleDate !== undefined) return runScheduled(record, corpus, driver);
  return runMain(record, corpus, driver);
}

/** A record's `scheduleDate`: an ISO date-time as is, an ISO-8601 duration from now. */
export function scheduleDateOf(spec: string, now = Date.now()): string {
  if (/^P/i.test(spec)) return new Date(now + parseDuration(spec)).toISOString();
  const at = Date.parse(spec);
  if (Number.isNaN(at)) throw new Error(`scheduleDate ${JSON.stringify(spec)} is neither a date-time nor a duration`);
  return new Date(at).toISOString();
}

/**
 * Kestra's creation with `scheduleDate`: right after creation the execution is in
 * `initialState` (CREATED) and carries the date (`scheduleDate: "as requested"`); once the
 * date passed it runs to `eventualState`, and the rest of `expect` is checked on that end.
 */
async function runScheduled(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver): Promise<string[]> {
  await prepare(record, corpus, driver);
  const scheduleDate = scheduleDateOf(record.scheduleDate!);
  const created = await driver.createExecution({ ...createRequest(record), scheduleDate });
  const reasons: string[] = [];
  const { initialState, scheduleDate: dateExpectation, eventualState, ...rest } = record.expect;
  const initial = await driver.getExecution(created.id);
  if (initialState !== undefined && initial.state.current !== initialState) reasons.push(`initialState: expected ${String(initialState)}, got ${initial.state.current}`);
  if (dateExpectation !== undefined) {
    const carried = (initial as Execution & { scheduleDate?: string }).scheduleDate;
    const wanted = dateExpectation === "as requested" ? scheduleDate : String(dateExpectation);
    if (!carried || Date.parse(carried) !== Date.parse(wanted)) reasons.push(`scheduleDate: expected ${wanted}, got ${String(carried)}`);
  }
  const final = await driver.waitFor(created.id, terminated);
  if (eventualState !== undefined && final.state.current !== eventualState) reasons.push(`eventualState: expected ${String(eventualState)}, got ${final.state.current}`);
  const all = await settledList(driver, rest, final);
  reasons.push(...(await checkExecution(rest, { driver, roles: { execution: final, root: final }, all })).map((r) => `end: ${r}`));
  return reasons;
}

const LIVE = new Set(["resume", "kill"]);
const actionOf = (f: FollowUp) => f.action.split(/\s/)[0];

/** Creates the execution, checks the paused/started expectations, follow-ups, then the end. */
async function runMain(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver): Promise<string[]> {
  await prepare(record, corpus, driver);
  let execution: Execution;
  try {
    execution = await driver.createExecution(createRequest(record));
  } catch (error) {
    if (error instanceof SubmissionError && record.expect.submissionError !== undefined) return [];
    throw error;
  }
  const reasons: string[] = [];
  const check = async (expect: Expectation | undefined, roles: Roles, label: string) => {
    if (!expect) return;
    const all = await settledList(driver, expect, roles.execution);
    const child = roles.child ?? all.find((x) => x.trigger?.variables?.executionId === roles.execution.id);
    const found = await checkExecution(expect, { driver, roles: { root: roles.execution, child, ...roles }, all });
    reasons.push(...found.map((r) => `${label}: ${r}`));
  };

  if (record.expectPaused) {
    const paused = await driver.waitFor(execution.id, (e) => e.state.current === "PAUSED");
    await check(record.expectPaused, { execution: paused }, "paused");
  }
  const started = record.expect.whenStarted;
  if (typeof started === "string") {
    const seen = await driver.waitFor(execution.id, (e) => e.state.current === started || terminated(e));
    if (seen.state.current !== started) reasons.push(`whenStarted: expected ${started}, got ${seen.state.current}`);
  }

  const followUps = record.followUps ?? [];
  const live = followUps.filter((f) => LIVE.has(actionOf(f)));
  for (const f of live) {
    const before = await driver.getExecution(execution.id);
    const after = actionOf(f) === "kill" ? await driver.kill(execution.id) : await driver.resume(execution.id, f.resumeInputs ?? {});
    await check(f.expectImmediate, { execution: after, before, original: before }, `${f.action} (immediate)`);
  }

  const final = await driver.waitFor(execution.id, terminated);
  for (const f of live) await check(f.expect, { execution: final, original: final }, f.action);
  const { whenStarted: _started, ...finalExpect } = record.expect;
  await check(finalExpect, { execution: final }, "end");

  for (const f of followUps.filter((x) => !LIVE.has(actionOf(x)))) {
    // "appliedTo original execution": the follow-up acts on a fresh run of the same scenario.
    const target = f.appliedTo === "original execution" ? await rerun(record, driver) : final;
    const after = await perform(f, target, driver);
    const immediate = f.expectImmediate ?? (f.expect && describesStart(f.expect) ? f.expect : undefined);
    const roles = { before: target, original: target };
    await check(immediate, { execution: after, ...roles }, `${f.action} (immediate)`);
    if (f.expect && f.expect !== immediate) {
      const end = await driver.waitFor(after.id, terminated);
      await check(f.expect, { execution: end, ...roles }, f.action);
    }
  }
  return reasons;
}

/** An expectation about a just-restarted execution rather than its end. */
function describesStart(expect: Expectation): boolean {
  return typeof expect.state === "string" && !isTerminated(expect.state as Execution["state"]["current"]);
}

async function rerun(record: ConformanceRecord, driver: ConformanceDriver): Promise<Execution> {
  const execution = await driver.createExecution(createRequest(record));
  return driver.waitFor(execution.id, terminated);
}

async function perform(f: FollowUp, target: Execution, driver: ConformanceDriver): Promise<Execution> {
  const runOf = (picker: FollowUp["taskRun"]) => {
    const run = picker ? pick(target, picker) : undefined;
    if (!run) throw new Error(`${f.action}: no task run ${JSON.stringify(picker)}`);
    return run.id;
  };
  switch (actionOf(f)) {
    case "restart":
      return driver.restart(target.id);
    case "replay":
      return driver.replay(target.id, f.fromTaskRun ? runOf(f.fromTaskRun) : null);
    case "markAs":
      return driver.markAs(target.id, runOf(f.taskRun), f.toState ?? "FAILED");
    default:
      throw new Error(`unsupported follow-up '${f.action}'`);
  }
}

export { descendants };

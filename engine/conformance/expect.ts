import { isTerminated } from "@/engine/executor/state";
import type { Execution, LogEntry } from "@/engine/executor/types";
import { outputsTree } from "@/engine/executor/variables";
import { pick, refsFor, type Check, type Roles } from "./roles";
import { checkTaskRun } from "./expect-task-run";
import { match, type RefResolver } from "./matchers";
import type { Expectation } from "./types";

/** Keys handled by the scenario runner, not by checkExecution. */
const SCENARIO_KEYS = new Set([
  "whenStarted",
  "see",
  "parses",
  "topLevelTaskCount",
  "parsed",
  "executions",
  "labelsMatch",
  "labelCount",
  "note",
  // Checked by the scenario runner around creation (see runScheduled).
  "initialState",
  "scheduleDate",
  "eventualState",
]);

const INFO_OR_ABOVE = new Set(["ERROR", "WARN", "INFO"]);

/** Every mismatch between an execution and an expectation (empty when it holds). */
export async function checkExecution(expect: Expectation, check: Check): Promise<string[]> {
  const { roles } = check;
  const e = roles.execution;
  const refs = refsFor(roles);
  const out: string[] = [];
  const is = (key: string, actual: unknown, expected: unknown) => {
    const r = match(actual, expected, refs, key);
    if (r) out.push(r);
  };
  for (const [key, expected] of Object.entries(expect)) {
    if (SCENARIO_KEYS.has(key)) continue;
    switch (key) {
      case "state":
      case "taskRunCount":
      case "stateHistoryCount":
      case "outputs":
      case "outputsSize":
      case "parentId":
      case "trigger":
      case "namespace":
      case "flowId":
      case "restartedTaskRunCount":
      case "runningTaskRunCount":
      case "failedTaskRunCount":
        is(key, scalar(e, key), expected);
        break;
      case "metricCount":
        is(key, (await check.driver.metrics(e.id)).length, expected);
        break;
      case "taskRuns":
        for (const item of expected as Expectation[]) out.push(...(await checkTaskRun(item, check)));
        break;
      case "taskOutputsTree":
        is(key, outputsTree(e), expected);
        break;
      case "labels":
        out.push(...checkLabels(e, expect, refs));
        break;
      case "logs":
        out.push(...checkLogs(await check.driver.logs(e.id), e, expected as Expectation[], refs));
        break;
      case "logCountAtLeastInfo":
        is(key, (await check.driver.logs(e.id)).filter((l) => INFO_OR_ABOVE.has(l.level)).length, expected);
        break;
      case "subflowExecutions":
        out.push(...(await checkSubflows(expected as Expectation[], check)));
        break;
      case "triggeredExecution": {
        const spec = expected as Expectation;
        const found = check.all.find((x) => x.flowId === spec.flowId && x.id !== e.id);
        if (!found) out.push(`triggeredExecution: no execution of ${String(spec.flowId)}`);
        else out.push(...(await checkExecution(spec, { ...check, roles: { execution: found, root: e } })));
        break;
      }
      case "triggeredExecutions": {
        // Executions a Flow trigger started (several: one per upstream transition it listens to), once `count` have ended.
        const { flowId, count, ...each } = expected as Expectation;
        const ofFlow = (all: Execution[]) => all.filter((x) => x.flowId === flowId && x.id !== e.id && isTerminated(x.state.current));
        const ended = ofFlow(await check.driver.waitForExecutions((list) => ofFlow(list).length >= Number(count)));
        is(`${key}.count`, ended.length, count);
        for (const [field, wanted] of Object.entries(each)) is(`${key}.${field}`, ended.map((x) => scalar(x, field)), wanted);
        break;
      }
      case "terminatedExecutionsOfFlow": {
        // Retries as new executions start later: wait for as many ended executions as expected.
        const ofFlow = (all: Execution[]) => all.filter((x) => x.namespace === e.namespace && x.flowId === e.flowId && isTerminated(x.state.current));
        const wanted = expectedLength(expected);
        const all = wanted === undefined ? check.all : await check.driver.waitForExecutions((list) => ofFlow(list).length >= wanted);
        is(key, ofFlow(all).map((x) => x.state.current), expected);
        break;
      }
      case "newExecution":
        is(key, roles.before !== undefined && roles.before.id !== e.id, expected);
        break;
      case "sameExecution":
        is(key, roles.before !== undefined && roles.before.id === e.id, expected);
        break;
      case "allTaskRunsState":
        for (const run of e.taskRunList) is(`taskRun ${run.taskId} state`, run.state.current, expected);
        break;
      case "stateSequenceContains": {
        const seq = e.state.histories.map((h) => h.state);
        let i = 0;
        for (const s of seq) if (s === (expected as string[])[i]) i++;
        if (i < (expected as string[]).length) out.push(`${key}: expected ${JSON.stringify(expected)} in ${JSON.stringify(seq)}`);
        break;
      }
      case "executionCreated":
        is(key, true, expected);
        break;
      default:
        out.push(`unsupported expectation '${key}'`);
    }
  }
  return out;
}

/** How many items a list expectation (plain or `$containsInAnyOrder`) asks for. */
function expectedLength(expected: unknown): number | undefined {
  if (Array.isArray(expected)) return expected.length;
  const inAnyOrder = (expected as Record<string, unknown> | null)?.$containsInAnyOrder;
  return Array.isArray(inAnyOrder) ? inAnyOrder.length : undefined;
}

function scalar(e: Execution, key: string): unknown {
  switch (key) {
    case "state":
      return e.state.current;
    case "taskRunCount":
      return e.taskRunList.length;
    case "stateHistoryCount":
      return e.state.histories.length;
    case "outputsSize":
      return Object.keys(e.outputs ?? {}).length;
    case "restartedTaskRunCount":
      return e.taskRunList.filter((r) => r.state.current === "RESTARTED").length;
    case "runningTaskRunCount":
      return e.taskRunList.filter((r) => r.state.current === "RUNNING").length;
    case "failedTaskRunCount":
      return e.taskRunList.filter((r) => r.state.current === "FAILED").length;
    default:
      return (e as unknown as Record<string, unknown>)[key];
  }
}

function checkLabels(e: Execution, expect: Expectation, refs: RefResolver): string[] {
  const out: string[] = [];
  const expected = expect.labels as Record<string, unknown>;
  const actual = Object.fromEntries(e.labels.map((l) => [l.key, l.value]));
  for (const [key, value] of Object.entries(expected)) {
    const r = match(actual[key], value, refs, `labels.${key}`);
    if (r) out.push(r);
  }
  if (expect.labelsMatch === "exactSet") {
    const extra = e.labels.map((l) => l.key).filter((k) => !(k in expected));
    if (extra.length) out.push(`labels: unexpected ${JSON.stringify(extra)}`);
  }
  if (expect.labelCount !== undefined && e.labels.length !== expect.labelCount) {
    out.push(`labelCount: expected ${String(expect.labelCount)}, got ${e.labels.length} ${JSON.stringify(e.labels)}`);
  }
  return out;
}

function checkLogs(logs: LogEntry[], e: Execution, expected: Expectation[], refs: RefResolver): string[] {
  const out: string[] = [];
  for (const spec of expected) {
    const index = spec.taskRunIndex as number | undefined;
    const run = index === undefined ? undefined : e.taskRunList[index];
    const candidates = index === undefined ? logs : logs.filter((l) => l.taskRunId === run?.id).slice(0, 1);
    if (spec.absent) {
      if (candidates.length) out.push(`logs: expected none for task run ${String(index)}, got ${JSON.stringify(candidates[0].message)}`);
      continue;
    }
    const ok = candidates.some(
      (l) => match(l.message, spec.message, refs) === null && (spec.level === undefined || l.level === spec.level),
    );
    if (!ok) {
      const seen = candidates.map((l) => `${l.level} ${l.message}`).slice(0, 5);
      out.push(`logs: no log ${JSON.stringify({ level: spec.level, message: spec.message })}${index === undefined ? "" : ` first of task run ${index}`}; got ${JSON.stringify(seen)}`);
    }
  }
  return out;
}

/** Children (and grand-children) started by Subflow tasks of the root execution. */
export function descendants(root: Execution, all: Execution[]): Execution[] {
  const out: Execution[] = [];
  const parentOf = (x: Execution) => x.trigger?.variables?.executionId;
  let frontier = [root.id];
  while (frontier.length) {
    const next = all.filter((x) => frontier.includes(String(parentOf(x))) && !out.includes(x));
    out.push(...next);
    frontier = next.map((x) => x.id);
  }
  return out;
}

async function checkSubflows(expected: Expectation[], check: Check): Promise<string[]> {
  const root = check.roles.root ?? check.roles.execution;
  const children = descendants(check.roles.execution, check.all);
  const out: string[] = [];
  for (const spec of expected) {
    const found = children.find((x) => x.flowId === spec.flowId && (spec.namespace === undefined || x.namespace === spec.namespace));
    if (!found) {
      out.push(`subflowExecutions: no child of flow ${String(spec.flowId)}`);
      continue;
    }
    const parent = check.all.find((x) => x.id === found.trigger?.variables?.executionId);
    const reasons = await checkExecution(spec, { ...check, roles: { execution: found, parent, root } });
    out.push(...reasons.map((r) => `subflow ${String(spec.flowId)}: ${r}`));
  }
  return out;
}

export { pick, type Check, type Roles };

import type { Expectation } from "./types";
import { pick, refsFor, type Check } from "./roles";
import { match } from "./matchers";

/**
 * One `taskRuns[]` item: picks a run (taskId, index, iteration) and checks its state, value,
 * outputs, attempts, state history, log file, or its absence.
 */
export async function checkTaskRun(spec: Expectation, check: Check): Promise<string[]> {
  const e = check.roles.execution;
  const picker = { taskId: spec.taskId as string | undefined, index: spec.index as number | undefined, iteration: spec.iteration as string[] | undefined };
  const name = JSON.stringify(picker);
  const run = pick(e, picker);
  if (spec.absent) return run ? [`taskRun ${name}: expected absent`] : [];
  if (!run) return [`taskRun ${name}: not found in ${JSON.stringify(e.taskRunList.map((r) => r.taskId))}`];
  const refs = refsFor(check.roles);
  const out: string[] = [];
  const is = (key: string, actual: unknown, expected: unknown) => {
    const r = match(actual, expected, refs, `taskRun ${name} ${key}`);
    if (r) out.push(r);
  };
  const attempts = run.attempts ?? [];
  for (const [key, expected] of Object.entries(spec)) {
    switch (key) {
      case "taskId":
      case "index":
      case "iteration":
      case "outputsMatch":
      case "note":
        break;
      case "state":
        is(key, run.state.current, expected);
        break;
      case "value":
        is(key, run.outputs?.value, expected);
        break;
      case "outputs":
        is(key, run.outputs, expected);
        break;
      case "attemptCount":
      case "attemptNumber":
        is(key, attempts.length, expected);
        break;
      case "attempts":
        is(key, run.attempts && run.attempts.length ? run.attempts : null, expected);
        break;
      case "attempt0State":
        is(key, attempts[0]?.state.current, expected);
        break;
      case "lastAttemptState":
        is(key, attempts[attempts.length - 1]?.state.current, expected);
        break;
      case "stateHistoryCount":
        is(key, run.state.histories.length, expected);
        break;
      case "stateHistoryCounts":
        for (const [state, count] of Object.entries(expected as Record<string, number>)) {
          is(`${key}.${state}`, run.state.histories.filter((h) => h.state === state).length, count);
        }
        break;
      case "newTaskRunId":
      case "sameTaskRunId": {
        const before = check.roles.before ? pick(check.roles.before, picker) : undefined;
        is(key, before !== undefined && (before.id === run.id) === (key === "sameTaskRunId"), expected);
        break;
      }
      case "attempt0LogFile": {
        const uri = attempts[0]?.logFile;
        const content = uri ? await check.driver.readFile(e.id, uri) : null;
        if (content === null) {
          out.push(`taskRun ${name} attempt0LogFile: no log file`);
          break;
        }
        const lines = content.split("\n").filter((l) => l !== "");
        const spec = expected as Record<string, unknown>;
        if (spec.lineCount !== undefined) is("attempt0LogFile.lineCount", lines.length, spec.lineCount);
        if (spec.line0 !== undefined) is("attempt0LogFile.line0", lines[0], spec.line0);
        break;
      }
      default:
        out.push(`taskRun ${name}: unsupported expectation '${key}'`);
    }
  }
  return out;
}

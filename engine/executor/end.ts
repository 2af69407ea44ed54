import { pathText, storableText, unstorable } from "./storable";
import { coerce } from "./inputs";
import { allTerminated, currentBranch, guessFinalState, resolveTasks } from "./resolve";
import { checkAssertions } from "./sla";
import { isTerminated } from "./state";
import { errorMessage, type Work } from "./work";

const WAITING = new Set(["CREATED", "QUEUED", "PAUSED", "RETRYING", "KILLING"]);

/**
 * Ends the execution once its current branch (tasks, errors or finally) is done and nothing
 * else runs: its state comes from the flow's tasks, then its `outputs` are rendered (a
 * failure to render fails it), then EXECUTION_ASSERTION SLAs are checked.
 */
export async function handleEnd(work: Work): Promise<boolean> {
  const { flow, execution } = work;
  if (isTerminated(execution.state.current) || WAITING.has(execution.state.current)) return false;
  const tasks = resolveTasks(flow.tasks, null) ?? [];
  const current = currentBranch(work.runs, tasks, resolveTasks(flow.errors, null), resolveTasks(flow.finally, null), null);
  if (!allTerminated(work.runs, current, null)) return false;
  if (work.runs.some((r) => !isTerminated(r.state.current))) return false;

  // Kestra's Execution.guessFinalState(flow): the flow's `tasks` only; a failed `finally`
  // (or `errors`) task run shows FAILED without changing the execution's state.
  let state = guessFinalState(work.runs, tasks, null);

  if (flow.outputs?.length) {
    try {
      const renderer = work.renderer();
      const outputs: Record<string, unknown> = {};
      for (const output of flow.outputs) {
        const value = await renderer.renderRecursive(output.value, { typed: true });
        Object.defineProperty(outputs, output.id, { value: coerce(output.type, value), enumerable: true, writable: true, configurable: true });
      }
      const bad = unstorable(outputs, ["outputs"]);
      if (bad) throw new Error(`${pathText("", bad.path)} cannot be stored: it ${bad.reason}`);
      execution.outputs = outputs;
      work.version++;
    } catch (error) {
      work.log("ERROR", storableText(`Failed to render output values: ${errorMessage(error)}`));
      execution.outputs = null;
      state = "FAILED";
    }
  }

  const violated = await checkAssertions(work);
  if (violated) state = violated;
  work.setExecutionState(state);
  return true;
}

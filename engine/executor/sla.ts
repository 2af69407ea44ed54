import type { Sla } from "@/engine/flow/sla";
import { parseDuration } from "./duration";
import { mergeLabels } from "./labels";
import { isTerminated } from "./state";
import { terminate } from "./terminate";
import type { Due } from "./timers";
import { errorMessage, type Work } from "./work";

/**
 * Service-level agreements. MAX_DURATION is a timer from the execution's start;
 * EXECUTION_ASSERTION is checked when the execution ends. A violation adds the SLA's labels
 * and, by `behavior`, fails or cancels the execution (NONE only labels it).
 */
export function slaTimers(work: Work): Due[] {
  if (isTerminated(work.execution.state.current)) return [];
  const out: Due[] = [];
  for (const sla of work.flow.sla ?? []) {
    if (sla.type !== "MAX_DURATION") continue;
    if (sla.behavior === "NONE" && alreadyLabelled(work, sla)) continue;
    const at = new Date(Date.parse(work.execution.state.startDate) + parseDuration(sla.duration)).toISOString();
    out.push({ at, fire: () => violate(work, sla, `Execution exceeded its maximum duration of ${sla.duration}`) });
  }
  return out;
}

/** EXECUTION_ASSERTION SLAs, at the end: the state the execution ends in after them. */
export async function checkAssertions(work: Work): Promise<"FAILED" | "CANCELLED" | undefined> {
  let outcome: "FAILED" | "CANCELLED" | undefined;
  for (const sla of work.flow.sla ?? []) {
    if (sla.type !== "EXECUTION_ASSERTION") continue;
    let holds: boolean;
    try {
      holds = await work.renderer().condition(sla.assert);
    } catch (error) {
      work.log("ERROR", `SLA '${sla.id}' cannot be evaluated: ${errorMessage(error)}`);
      holds = false;
    }
    if (holds) continue;
    applyLabels(work, sla);
    work.log("WARN", `SLA '${sla.id}' violated: assertion '${sla.assert}' is false`);
    if (sla.behavior === "FAIL") outcome = "FAILED";
    else if (sla.behavior === "CANCEL" && outcome === undefined) outcome = "CANCELLED";
  }
  return outcome;
}

function violate(work: Work, sla: Sla, reason: string): void {
  if (isTerminated(work.execution.state.current)) return;
  applyLabels(work, sla);
  work.log("WARN", `SLA '${sla.id}' violated: ${reason}`);
  if (sla.behavior === "FAIL") terminate(work, "FAILED");
  else if (sla.behavior === "CANCEL") terminate(work, "CANCELLED");
}

function applyLabels(work: Work, sla: Sla): void {
  if (!sla.labels?.length) return;
  work.execution.labels = mergeLabels(work.execution.labels, sla.labels);
  work.version++;
}

function alreadyLabelled(work: Work, sla: Sla): boolean {
  const labels = sla.labels ?? [];
  return labels.every((l) => work.execution.labels.some((e) => e.key === l.key && e.value === l.value));
}

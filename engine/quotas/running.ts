import type { Tx } from "@/db/client";
import { saveExecution } from "@/db/queries/executions";
import { countActiveExecutions, findQueuedExecutions, getQuotaLimit, lockRunningQuota } from "@/db/queries/quotas";
import { enqueueWork } from "@/db/queries/work";
import type { Flow } from "@/engine/flow/schema";
import { admit } from "@/engine/executor/create";
import { transition } from "@/engine/executor/state";
import type { Execution } from "@/engine/executor/types";
import { env } from "@/lib/env";

/**
 * What the tenant's `maxRunningExecutions` quota says of an execution about to start:
 * - `free`: no quota, or not this one's turn to be decided here (scheduled for later, or
 *   held back by its flow's own concurrency limit): the pass decides as before;
 * - `admitted`: saved RUNNING (its new version), counted under the tenant's lock;
 * - `queued`: the tenant is at its quota; saved QUEUED, it waits for an end to wake it;
 * - `busy`: another process is deciding for this tenant right now; look again shortly.
 */
export type RunningAdmission =
  | { kind: "free" }
  | { kind: "admitted"; execution: Execution; version: number }
  /** `execution`: the QUEUED document when this admission saved it (it was CREATED). */
  | { kind: "queued"; execution?: Execution }
  | { kind: "busy" };

/** At most this many executions woken at once (a removed quota); the rest by the next ends. */
const MAX_WAKE = 10_000;

const runningDefault = () => env().QUOTA_DEFAULT_MAX_RUNNING_EXECUTIONS ?? null;

/**
 * Admits a CREATED or QUEUED execution under its tenant's running-executions quota, inside
 * the transaction that loads it (any number of processes): the count and the state change
 * happen under a per-tenant advisory lock, so two workers never both take the last slot.
 * The lock is only tried (never waited for), so loads of several tenants in one lease can
 * never deadlock; a busy tenant's item is looked at again shortly.
 */
export async function admitUnderRunningQuota(
  tx: Tx,
  input: { tenantId: string; execution: Execution; version: number; flow: Flow; flowRunningCount: number; now: Date },
): Promise<RunningAdmission> {
  const { tenantId, execution, version, flow, now } = input;
  const limit = await getQuotaLimit(tx, { tenantId, quota: "maxRunningExecutions", defaultLimit: runningDefault() });
  if (limit === null) return { kind: "free" };
  if (execution.state.current === "CREATED" && execution.scheduleDate && Date.parse(execution.scheduleDate) > now.getTime()) return { kind: "free" };
  if (flow.concurrency && admit(flow, execution, input.flowRunningCount, now).decision !== "RUN") return { kind: "free" };
  if (!(await lockRunningQuota(tx, { tenantId, wait: false }))) return { kind: "busy" };
  const active = await countActiveExecutions(tx, { tenantId, exceptId: execution.id });
  const date = now.toISOString();
  if (active >= limit) {
    if (execution.state.current === "QUEUED") return { kind: "queued" };
    const queued: Execution = { ...execution, state: transition(execution.state, "QUEUED", date) };
    const saved = await saveExecution(tx, { doc: queued, version });
    return saved === null ? { kind: "busy" } : { kind: "queued", execution: queued };
  }
  const running: Execution = { ...execution, state: transition(execution.state, "RUNNING", date) };
  const saved = await saveExecution(tx, { doc: running, version });
  return saved === null ? { kind: "busy" } : { kind: "admitted", execution: running, version: saved };
}

/**
 * Wakes the tenant's oldest QUEUED executions (any flow), as many as its running quota has
 * free slots, after one of its executions ended (in that transaction, which waits for the
 * tenant's lock so a concurrent admission is counted) or from the periodic sweep. Returns
 * whether it queued work. Without a quota it does nothing (flow concurrency wakes its own),
 * unless the quota was just changed (`quotaChanged`): then every QUEUED execution is woken.
 */
export async function wakeQueuedUnderQuota(tx: Tx, { tenantId, quotaChanged = false }: { tenantId: string; quotaChanged?: boolean }): Promise<boolean> {
  const limit = await getQuotaLimit(tx, { tenantId, quota: "maxRunningExecutions", defaultLimit: runningDefault() });
  // A quota just removed frees every execution it held back (those of a flow's own limit queue again).
  if (limit === null && !quotaChanged) return false;
  await lockRunningQuota(tx, { tenantId, wait: true });
  const free = (limit ?? MAX_WAKE) - (await countActiveExecutions(tx, { tenantId }));
  if (free <= 0) return false;
  const ids = await findQueuedExecutions(tx, { tenantId, limit: Math.min(free, MAX_WAKE) });
  for (const executionId of ids) await enqueueWork(tx, { tenantId, executionId });
  return ids.length > 0;
}

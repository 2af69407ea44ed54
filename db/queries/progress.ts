import { sql, type SQL } from "drizzle-orm";
import type { Flow } from "@/engine/flow/schema";
import type { Tx } from "../client";
import { executionColumns, type ExecutionDocument } from "./executions";
import { fitsOneStatement, insertLogs, insertLogsSql, LOG_BATCH, logRecords, type LogLine } from "./logs";
import { rowsOf } from "./raw";
import { insertMetricsSql } from "./execution-metrics";
import type { MetricEntry } from "@/engine/executor/types";

/**
 * A worker's save of its progress: the execution document, its new log lines and the end
 * of its lease, as one statement where it can.
 */

/** How a worker ends its lease with a save: delete the item, or re-arm it for `nextRunAt`. */
export type LeaseEnd = { owner: string; requests: number; nextRunAt: Date | null };

export type SavedProgress = {
  /** The new version, or null when another writer won (nothing was written). */
  version: number | null;
  /** When asked for: the tenant's flows that declare triggers (Flow triggers to evaluate). */
  triggerFlows: { namespace: string; id: string; revision: number; definition: Flow }[];
};

export type ProgressInput = {
  tenantId: string;
  doc: ExecutionDocument;
  version: number;
  lines: LogLine[];
  /** Metrics the task runs emitted since the last save, written with the document. */
  metrics?: MetricEntry[];
  lease?: LeaseEnd;
  /** Read the tenant's flows with triggers along (an ended execution's Flow triggers). */
  withTriggerFlows?: boolean;
  /**
   * Without withTriggerFlows: read along only the flows with a trigger whose `states` lists one
   * of these (the non-terminal states the execution entered: a Flow trigger listening to them).
   */
  listenersOf?: string[];
  /** With withTriggerFlows or listenersOf: write nothing if there are any (the caller must evaluate them in the same transaction). */
  onlyWithoutTriggerFlows?: boolean;
};

/** The tenant's flows with triggers as one jsonb array `flows`: all of them, or (`listenersOf`) those with a trigger listing one of these states. */
function triggerFlowsSelect(listenersOf: string[] | undefined): SQL {
  const listening = listenersOf
    ? sql`and exists (
        select 1 from jsonb_array_elements(f.definition -> 'triggers') t
        where jsonb_typeof(t -> 'states') = 'array' and (t -> 'states') ?| array[${sql.join(listenersOf.map((s) => sql`${s}`), sql`, `)}]::text[]
      )`
    : sql``;
  return sql`select coalesce(jsonb_agg(jsonb_build_object('namespace', f.namespace, 'id', f.id, 'revision', f.revision, 'definition', f.definition)), '[]'::jsonb) as flows
    from flows f where f.has_triggers and not f.deleted ${listening}`;
}

/** The tenant's flows with a trigger whose `states` lists one of `states` (Flow triggers listening to a non-terminal state). */
export async function findStateListenerFlows(tx: Tx, { states }: { states: string[] }): Promise<SavedProgress["triggerFlows"]> {
  if (states.length === 0) return [];
  const [row] = (await rowsOf(tx, triggerFlowsSelect(states))) as { flows: SavedProgress["triggerFlows"] | string }[];
  return (typeof row?.flows === "string" ? JSON.parse(row.flows) : row?.flows) ?? [];
}

/**
 * A worker's save as one statement: the document (if nobody wrote since `version`), its
 * new log lines, the end of its lease (`finishWork` semantics) and, for an ended
 * execution, the flows whose triggers may fire. Nothing is written when the version moved.
 */
export function saveProgressStatement(input: ProgressInput): SQL {
  const { tenantId, doc, version } = input;
  const c = executionColumns(doc);
  const target = { tenantId, executionId: doc.id, namespace: doc.namespace, flowId: doc.flowId };
  const saved = sql`exists (select 1 from saved)`;
  const lines = input.lines.slice(0, LOG_BATCH);
  const lease = input.lease;
  const next = lease?.nextRunAt ? lease.nextRunAt.toISOString() : null;
  const listenersOf = !input.withTriggerFlows && input.listenersOf?.length ? input.listenersOf : undefined;
  const triggers = Boolean(input.withTriggerFlows) || listenersOf !== undefined;
  return sql`with ${
    triggers
      ? sql`trigger_flows as (${triggerFlowsSelect(listenersOf)}),`
      : sql``
  } saved as (
      update executions set namespace = ${c.namespace}, flow_id = ${c.flowId}, flow_revision = ${c.flowRevision}, state = ${c.state},
        start_date = ${c.startDate.toISOString()}::timestamptz, end_date = ${c.endDate?.toISOString() ?? null}::timestamptz,
        labels = ${JSON.stringify(c.labels)}::jsonb, parent_id = ${c.parentId}, original_id = ${c.originalId},
        document = ${JSON.stringify(doc)}::jsonb, version = ${version + 1}, updated_at = now()
      where tenant_id = ${tenantId} and id = ${doc.id} and version = ${version}
        ${triggers && input.onlyWithoutTriggerFlows ? sql`and (select jsonb_array_length(flows) from trigger_flows) = 0` : sql``}
      returning version
    )
    ${lines.length ? sql`, logged as (${insertLogsSql(target, logRecords(lines), saved)})` : sql``}
    ${input.metrics?.length ? sql`, metered as (${insertMetricsSql(target, input.metrics, saved)})` : sql``}
    ${
      lease
        ? sql`, deleted as (
            delete from work_items where tenant_id = ${tenantId} and execution_id = ${doc.id} and lease_owner = ${lease.owner}
              and ${next === null} and requests = ${lease.requests} and ${saved}
          ), rearmed as (
            update work_items set lease_until = null, lease_owner = null,
              run_at = case when ${next}::timestamptz is null or requests <> ${lease.requests} then now() else ${next}::timestamptz end
            where tenant_id = ${tenantId} and execution_id = ${doc.id} and lease_owner = ${lease.owner}
              and not (${next === null} and requests = ${lease.requests}) and ${saved}
          )`
        : sql``
    }
    select (select version from saved) as version, ${triggers ? sql`(select flows from trigger_flows)` : sql`'[]'::jsonb`} as trigger_flows`;
}

/** What saveProgressStatement answered. */
export function savedProgressOf(rows: Record<string, unknown>[]): SavedProgress {
  const row = rows[0] as { version: number | string | null; trigger_flows: SavedProgress["triggerFlows"] | string | null } | undefined;
  const flows = typeof row?.trigger_flows === "string" ? JSON.parse(row.trigger_flows) : row?.trigger_flows;
  return { version: row?.version == null ? null : Number(row.version), triggerFlows: flows ?? [] };
}

/** saveProgressStatement inside a transaction, with the log lines beyond one statement's share. */
export async function saveProgress(tx: Tx, input: ProgressInput): Promise<SavedProgress> {
  const result = savedProgressOf(await rowsOf(tx, saveProgressStatement(input)));
  if (result.version !== null && !fitsOneStatement(input.lines)) {
    await insertLogs(tx, { tenantId: input.tenantId, executionId: input.doc.id, namespace: input.doc.namespace, flowId: input.doc.flowId, lines: input.lines.slice(LOG_BATCH) });
  }
  return result;
}

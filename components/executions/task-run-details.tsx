"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { StateBadge } from "@/components/flows/state-badge";
import { Panel } from "@/components/ui/panel";
import type { Execution, TaskRun } from "@/engine/executor/types";
import { tenantKey } from "@/lib/ui/query-keys";
import { executionHref, isTerminal } from "./model";
import type { CompactLog } from "./log-store";
import { ValueTable } from "./value-view";

const LEVEL_TONE: Record<string, string> = { ERROR: "text-red-700", WARN: "text-amber-700", INFO: "text-sky-700", DEBUG: "text-zinc-500", TRACE: "text-zinc-400" };

/** Log lines of one execution, from the REST API in its compact form (at most `limit`). */
function useExecutionLogs(tenantId: string, execution: Execution, filter: { taskRunId?: string; minLevel?: string }, limit: number, enabled = true) {
  const running = !isTerminal(execution.state.current);
  return useQuery({
    queryKey: tenantKey(tenantId, "execution-logs", execution.id, filter.taskRunId ?? "", filter.minLevel ?? "", limit),
    queryFn: async ({ signal }) => {
      const query = new URLSearchParams({ format: "compact", limit: String(limit) });
      if (filter.taskRunId) query.set("taskRunId", filter.taskRunId);
      if (filter.minLevel) query.set("minLevel", filter.minLevel);
      const res = await fetch(`/api/v1/${encodeURIComponent(tenantId)}/logs/${encodeURIComponent(execution.id)}?${query}`, { signal, headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`logs ${res.status}`);
      return (await res.json()) as CompactLog[];
    },
    enabled,
    refetchInterval: running ? 2000 : false,
  });
}

/** The logs tab showing only this task run's lines. */
const taskRunLogsHref = (tenantId: string, execution: Execution, run: Pick<TaskRun, "id">) =>
  `${executionHref(tenantId, execution, "logs")}?taskRunId=${encodeURIComponent(run.id)}`;

/** One task run opened inline (from the Gantt): its log lines and its outputs. */
export function TaskRunDetails({ tenantId, execution, run }: { tenantId: string; execution: Execution; run: TaskRun }) {
  const LIMIT = 200;
  const { data, isPending, isError } = useExecutionLogs(tenantId, execution, { taskRunId: run.id }, LIMIT + 1);
  const lines = data?.slice(0, LIMIT) ?? [];
  return (
    <div className="sticky left-0 grid w-[min(100%,calc(100vw-2.125rem))] grid-cols-1 gap-3 border-t border-zinc-100 bg-zinc-50/60 px-4 py-3 lg:grid-cols-2" data-testid="task-run-details" data-task-run-id={run.id}>
      <div className="min-w-0">
        <div className="mb-1.5 flex items-center justify-between gap-2">
          <h3 className="text-[12px] font-semibold text-zinc-700">Logs</h3>
          <Link href={taskRunLogsHref(tenantId, execution, run)} className="text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline">
            Open in the Logs tab
          </Link>
        </div>
        <div className="max-h-72 overflow-auto rounded-md border border-zinc-200 bg-white font-mono text-[12px] leading-5" data-testid="task-run-logs">
          {isPending ? (
            <p className="px-3 py-2 font-sans text-zinc-500">Loading logs…</p>
          ) : isError ? (
            <p className="px-3 py-2 font-sans text-red-700">The logs could not be loaded.</p>
          ) : lines.length === 0 ? (
            <p className="px-3 py-2 font-sans text-zinc-500">This task run wrote no log line.</p>
          ) : (
            <ol>
              {lines.map(([seq, time, level, , , message]) => (
                <li key={seq} className="flex gap-2 px-3 py-0.5 odd:bg-zinc-50/70">
                  <span className="shrink-0 text-zinc-400 tabular-nums">{new Date(time).toISOString().slice(11, 23)}</span>
                  <span className={`w-11 shrink-0 ${LEVEL_TONE[level] ?? ""}`}>{level}</span>
                  <span className="min-w-0 break-words whitespace-pre-wrap">{message}</span>
                </li>
              ))}
            </ol>
          )}
          {(data?.length ?? 0) > LIMIT && <p className="px-3 py-1.5 font-sans text-zinc-500">The first {LIMIT} lines; the Logs tab has them all.</p>}
        </div>
      </div>
      <div className="min-w-0">
        <h3 className="mb-1.5 text-[12px] font-semibold text-zinc-700">Outputs</h3>
        <div className="rounded-md border border-zinc-200 bg-white">
          <ValueTable values={run.outputs} tenantId={tenantId} executionId={execution.id} empty="This task run has no outputs." />
        </div>
      </div>
    </div>
  );
}

/** Failed task runs without a failed child: where the failure happened, not the containers it bubbled through. */
function failedLeaves(runs: TaskRun[]): TaskRun[] {
  const failed = runs.filter((r) => r.state.current === "FAILED");
  const parents = new Set(failed.map((r) => r.parentTaskRunId).filter(Boolean));
  return failed.filter((r) => !parents.has(r.id));
}

/**
 * What failed, on the overview of a failed execution, as Kestra shows it: each failed task
 * run with its error and a link to its logs; or the execution's own error when no task
 * failed (an input, a concurrency limit).
 */
export function FailedTasks({ tenantId, execution }: { tenantId: string; execution: Execution }) {
  const failed = execution.state.current === "FAILED" || execution.state.current === "KILLED";
  const runs = failedLeaves(execution.taskRunList ?? []);
  const { data: errors } = useExecutionLogs(tenantId, execution, { minLevel: "ERROR" }, 500, failed || runs.length > 0);
  if (!failed && runs.length === 0) return null;
  const byRun = new Map<string | null, string[]>();
  for (const [, , , , taskRunId, message] of errors ?? []) {
    const list = byRun.get(taskRunId) ?? [];
    list.push(message);
    byRun.set(taskRunId, list);
  }
  const flowErrors = byRun.get(null) ?? [];
  return (
    <Panel
      title={runs.length === 1 ? "Failed task" : runs.length > 1 ? `Failed tasks (${runs.length})` : "Why it failed"}
      className="border-red-200"
    >
      <div className="divide-y divide-zinc-100" data-testid="failed-tasks">
        {runs.map((run) => {
          const messages = byRun.get(run.id) ?? [];
          return (
            <div key={run.id} className="px-4 py-2.5" data-testid="failed-task" data-task-id={run.taskId}>
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="flex min-w-0 items-center gap-2 text-[13px]">
                  <StateBadge state={run.state.current} />
                  <span className="truncate font-medium" title={run.taskId}>
                    {run.taskId}
                  </span>
                  {run.value !== null && run.value !== undefined && <span className="truncate font-mono text-[11px] text-zinc-500">[{run.value}]</span>}
                  {(run.attempts?.length ?? 0) > 1 && <span className="text-[11px] text-zinc-500">after {run.attempts!.length} attempts</span>}
                </span>
                <Link href={taskRunLogsHref(tenantId, execution, run)} className="text-[12px] whitespace-nowrap text-zinc-600 hover:text-zinc-900 hover:underline">
                  Logs of this task
                </Link>
              </div>
              <pre className="mt-1.5 max-h-40 overflow-auto rounded-md bg-red-50 px-2.5 py-1.5 font-mono text-[12px] whitespace-pre-wrap text-red-800" data-testid="failed-task-error">
                {errors === undefined ? "Loading the error…" : messages.length ? messages.at(-1) : "No error message was logged for this task run."}
              </pre>
            </div>
          );
        })}
        {runs.length === 0 && (
          <div className="px-4 py-2.5">
            <pre className="max-h-40 overflow-auto rounded-md bg-red-50 px-2.5 py-1.5 font-mono text-[12px] whitespace-pre-wrap text-red-800" data-testid="failed-task-error">
              {errors === undefined ? "Loading the error…" : flowErrors.length ? flowErrors.join("\n") : `The execution is ${execution.state.current}; no task failed and no error was logged.`}
            </pre>
          </div>
        )}
      </div>
    </Panel>
  );
}

"use client";

import { useEffect, useMemo, useState } from "react";
import { StateBadge } from "@/components/flows/state-badge";
import { Panel } from "@/components/ui/panel";
import type { Execution } from "@/engine/executor/types";
import { elapsedMs, formatMs, isTerminal, taskRunTree } from "./model";
import { stateFill } from "./state-colors";
import { useExecution } from "./use-execution";
import { TaskRunDetails } from "./task-run-details";

/**
 * The Gantt tab: one bar per task run on the execution's time axis, nested by parent, live
 * while it runs. Clicking a row opens that task run's logs and outputs under it.
 */
export function ExecutionGantt({ tenantId, initial }: { tenantId: string; initial: Execution }) {
  const execution = useExecution(tenantId, initial);
  const running = !isTerminal(execution.state.current);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [running]);
  const rows = useMemo(() => taskRunTree(execution.taskRunList), [execution.taskRunList]);
  const [open, setOpen] = useState<string | null>(null);
  const start = new Date(execution.state.startDate).getTime();
  const total = Math.max(elapsedMs(execution.state.startDate, execution.state.endDate, now), 1);

  return (
    <Panel title="Task runs" description={`${rows.length} task ${rows.length === 1 ? "run" : "runs"} over ${formatMs(total)}`}>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-[13px] text-zinc-500">No task has started yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <ul className="min-w-[560px] divide-y divide-zinc-100" data-testid="gantt">
            {rows.map(({ run, depth }) => {
              const s = new Date(run.state.startDate).getTime() - start;
              const d = elapsedMs(run.state.startDate, run.state.endDate, now);
              const left = Math.min(100, Math.max(0, (s / total) * 100));
              const width = Math.max(0.6, Math.min(100 - left, (d / total) * 100));
              const attempts = run.attempts?.length ?? 0;
              return (
                <li key={run.id} data-testid="gantt-row" data-task-id={run.taskId} data-state={run.state.current}>
                  <button
                    type="button"
                    onClick={() => setOpen(open === run.id ? null : run.id)}
                    aria-expanded={open === run.id}
                    aria-label={`${run.taskId}${run.value !== null && run.value !== undefined ? ` [${run.value}]` : ""}: ${open === run.id ? "hide" : "show"} logs and outputs`}
                    className="grid w-full cursor-pointer grid-cols-[minmax(10rem,16rem)_1fr_5rem] items-center gap-3 px-4 py-1.5 text-left hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-600 aria-expanded:bg-zinc-50"
                  >
                    <span className="flex min-w-0 items-center gap-1.5" style={{ paddingLeft: depth * 14 }}>
                      {depth > 0 && <span aria-hidden="true" className="text-zinc-300">└</span>}
                      <span className="truncate text-[13px] font-medium" title={run.taskId}>
                        {run.taskId}
                      </span>
                      {run.value !== null && run.value !== undefined && <span className="truncate font-mono text-[11px] text-zinc-500">[{run.value}]</span>}
                    </span>
                    <span className="relative block h-5 rounded bg-zinc-50" title={`${run.taskId}: ${run.state.current}, ${formatMs(d)}${attempts > 1 ? `, ${attempts} attempts` : ""}`}>
                      <span
                        className={`absolute block top-1 bottom-1 rounded-sm ${isTerminal(run.state.current) ? "" : "animate-pulse"}`}
                        style={{ left: `${left}%`, width: `${width}%`, backgroundColor: stateFill(run.state.current) }}
                      />
                      {attempts > 1 && (
                        <span className="absolute top-0 right-1 font-mono text-[10px] leading-5 text-zinc-500">×{attempts}</span>
                      )}
                    </span>
                    <span className="flex flex-col items-end gap-0.5">
                      <StateBadge state={run.state.current} />
                      <span className="text-[11px] text-zinc-500 tabular-nums" suppressHydrationWarning>
                        {formatMs(d)}
                      </span>
                    </span>
                  </button>
                  {open === run.id && <TaskRunDetails tenantId={tenantId} execution={execution} run={run} />}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </Panel>
  );
}

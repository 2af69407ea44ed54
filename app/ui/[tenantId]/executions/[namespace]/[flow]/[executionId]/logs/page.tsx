import { withTenant } from "@/db/tenant";
import { renderExecutionLogs } from "@/db/queries/logs";
import { ExecutionLogs } from "@/components/executions/execution-logs";
import { FIRST_LOG_PAGE, type CompactLog } from "@/components/executions/log-store";
import { isTerminal } from "@/components/executions/model";
import { getExecutionPage } from "@/lib/ui/execution-page";

/** The logs tab: every line, live while the execution runs; the first page comes with the page itself. */
export default async function ExecutionLogsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string; executionId: string }>;
  searchParams: Promise<{ taskRunId?: string | string[] }>;
}) {
  const { page, execution } = await getExecutionPage(params);
  const wanted = (await searchParams).taskRunId;
  // `?taskRunId=` (from the overview's failed tasks or the Gantt) opens on that task run's lines.
  const run = typeof wanted === "string" ? execution.taskRunList.find((r) => r.id === wanted) : undefined;
  const taskRun = run ? { id: run.id, label: run.value !== null && run.value !== undefined ? `${run.taskId} [${run.value}]` : run.taskId } : undefined;
  const first = await withTenant(page.ctx, (tx) => renderExecutionLogs(tx, { executionId: execution.id, limit: FIRST_LOG_PAGE, render: "compact" }));
  const initial = JSON.parse(`[${first.text}]`) as CompactLog[];
  return <ExecutionLogs key={execution.id} tenantId={page.tenantId} executionId={execution.id} running={!isTerminal(execution.state.current)} initial={initial} taskRun={taskRun} />;
}

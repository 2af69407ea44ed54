import { ExecutionMetrics } from "@/components/executions/execution-metrics";
import { withTenant } from "@/db/tenant";
import { findExecutionMetrics } from "@/db/queries/execution-metrics";
import { getExecutionPage } from "@/lib/ui/execution-page";

const SHOWN = 1000;

/** The metrics tab: the counters and timers the execution's task runs emitted. */
export default async function ExecutionMetricsPage({ params }: { params: Promise<{ tenantId: string; executionId: string }> }) {
  const { page, execution } = await getExecutionPage(params);
  const { results, total } = await withTenant(page.ctx, (tx) => findExecutionMetrics(tx, { executionId: execution.id, page: 1, size: SHOWN }));
  return <ExecutionMetrics metrics={results} total={total} />;
}

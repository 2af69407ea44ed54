import { ExecutionGantt } from "@/components/executions/execution-gantt";
import { getExecutionPage } from "@/lib/ui/execution-page";

/** The Gantt tab: one bar per task run. */
export default async function ExecutionGanttPage({ params }: { params: Promise<{ tenantId: string; executionId: string }> }) {
  const { page, execution } = await getExecutionPage(params);
  return <ExecutionGantt tenantId={page.tenantId} initial={execution} />;
}

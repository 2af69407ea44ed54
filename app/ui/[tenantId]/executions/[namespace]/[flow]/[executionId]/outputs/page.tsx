import { ExecutionOutputs } from "@/components/executions/execution-outputs";
import { getExecutionPage } from "@/lib/ui/execution-page";

/** The outputs tab: each task run's outputs, files previewed and downloadable. */
export default async function ExecutionOutputsPage({ params }: { params: Promise<{ tenantId: string; executionId: string }> }) {
  const { page, execution } = await getExecutionPage(params);
  return <ExecutionOutputs tenantId={page.tenantId} initial={execution} />;
}

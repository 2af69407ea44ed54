import { ExecutionTopology } from "@/components/executions/execution-topology";
import { buildFlowGraph } from "@/lib/ui/flow-graph";
import { getExecutionDefinition, getExecutionPage } from "@/lib/ui/execution-page";

/** The topology tab: the graph of the revision this execution ran, coloured by task run state. */
export default async function ExecutionTopologyPage({ params }: { params: Promise<{ tenantId: string; executionId: string }> }) {
  const { page, execution } = await getExecutionPage(params);
  const definition = await getExecutionDefinition(page.tenantId, execution.id);
  return <ExecutionTopology tenantId={page.tenantId} initial={execution} graph={definition ? buildFlowGraph(definition) : null} />;
}

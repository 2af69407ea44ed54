import { withTenant } from "@/db/tenant";
import { findChildExecutions } from "@/db/queries/executions";
import { ExecutionOverview } from "@/components/executions/execution-overview";
import { getExecutionPage } from "@/lib/ui/execution-page";

type Params = Promise<{ tenantId: string; executionId: string }>;

/** The overview tab: state history, trigger, parent and subflow executions, labels, inputs, outputs. */
export default async function ExecutionOverviewPage({ params }: { params: Params }) {
  const { page, execution, can } = await getExecutionPage(params);
  const children = await withTenant(page.ctx, (tx) => findChildExecutions(tx, { parentId: execution.id }));
  return (
    <ExecutionOverview
      tenantId={page.tenantId}
      initial={execution}
      canEdit={can.update}
      subflows={children.map((c) => ({ id: c.id, namespace: c.namespace, flowId: c.flowId, state: c.state }))}
    />
  );
}

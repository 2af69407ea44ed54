import { notFound, redirect } from "next/navigation";
import { withTenant } from "@/db/tenant";
import { findChildExecutions } from "@/db/queries/executions";
import { getFlowRevision } from "@/db/queries/flows";
import { ExecutionGantt } from "@/components/executions/execution-gantt";
import { ExecutionHeader, type ResumeInput } from "@/components/executions/execution-header";
import { ExecutionLogs } from "@/components/executions/execution-logs";
import { ExecutionOutputs } from "@/components/executions/execution-outputs";
import { ExecutionOverview } from "@/components/executions/execution-overview";
import { ExecutionTopology } from "@/components/executions/execution-topology";
import { executionHref, isExecutionTab, type ExecutionTab } from "@/components/executions/model";
import { decodeParam } from "@/components/flows/links";
import { NoPermission } from "@/components/shell/no-permission";
import { PageHeader } from "@/components/ui/page-header";
import { readExecution } from "@/engine/worker/commands";
import type { Execution } from "@/engine/executor/types";
import { buildFlowGraph } from "@/lib/ui/flow-graph";
import { findTenantPage, getTenantPage, NOT_FOUND_TITLE } from "@/lib/ui/tenant";

type Params = Promise<{ tenantId: string; namespace: string; flow: string; executionId: string; tab?: string[] }>;

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

export async function generateMetadata({ params }: { params: Params }) {
  const { tenantId, executionId } = await params;
  const page = await findTenantPage(tenantId);
  if (!page) return { title: NOT_FOUND_TITLE };
  return { title: `${decodeParam(executionId).slice(0, 8)} · Executions · ${page.tenant.name}` };
}

type Task = { id?: unknown; type?: unknown; onResume?: unknown; [k: string]: unknown };

/** The `onResume` inputs of the Pause task a paused execution waits in. */
function pauseInputs(definition: Record<string, unknown> | null, execution: Execution): ResumeInput[] {
  if (!definition || execution.state.current !== "PAUSED") return [];
  const paused = new Set(execution.taskRunList.filter((r) => r.state.current === "PAUSED").map((r) => r.taskId));
  const found: ResumeInput[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== "object") return;
    const task = value as Task;
    if (typeof task.id === "string" && paused.has(task.id) && Array.isArray(task.onResume)) found.push(...(task.onResume as ResumeInput[]));
    Object.values(task).forEach(walk);
  };
  walk(definition);
  return found;
}

/**
 * One execution, one tab of it. Read inside the tenant: an unknown id, another tenant's
 * id or a namespace the user cannot read all give the same not-found panel.
 */
export default async function ExecutionPage({ params }: { params: Params }) {
  const { tenantId, executionId: rawId, tab: rawTab } = await params;
  const page = await getTenantPage(tenantId);
  const id = decodeParam(rawId);
  if (!page.can("EXECUTION", "READ")) return <><PageHeader title="Execution" /><NoPermission what="executions" permission="EXECUTION:READ" /></>;
  const tabName = rawTab?.[0] ?? "overview";
  if (!ID_RE.test(id) || (rawTab?.length ?? 0) > 1 || !isExecutionTab(tabName)) notFound();
  const tab: ExecutionTab = tabName;

  const execution = await readExecution(page.tenantId, id);
  if (!execution || !page.can("EXECUTION", "READ", execution.namespace)) notFound();
  // The namespace and flow in the URL are for people; a stale pair goes to the right one.
  const { namespace, flow } = await params;
  if (decodeParam(namespace) !== execution.namespace || decodeParam(flow) !== execution.flowId) redirect(executionHref(page.tenantId, execution, tab));

  const extra = await withTenant(page.ctx, async (tx) => {
    const needsFlow = tab === "topology" || execution.state.current === "PAUSED";
    const revision = needsFlow ? await getFlowRevision(tx, { namespace: execution.namespace, id: execution.flowId, revision: execution.flowRevision }) : null;
    const children = tab === "overview" ? await findChildExecutions(tx, { parentId: execution.id }) : [];
    return { definition: (revision?.definition as Record<string, unknown> | undefined) ?? null, children };
  });

  const can = {
    update: page.can("EXECUTION", "UPDATE", execution.namespace),
    create: page.can("EXECUTION", "CREATE", execution.namespace),
    delete: page.can("EXECUTION", "DELETE", execution.namespace),
  };
  const t = page.tenantId;
  return (
    <>
      <ExecutionHeader tenantId={t} initial={execution} tab={tab} can={can} resumeInputs={pauseInputs(extra.definition, execution)} />
      {tab === "overview" && (
        <ExecutionOverview
          tenantId={t}
          initial={execution}
          canEdit={can.update}
          subflows={extra.children.map((c) => ({ id: c.id, namespace: c.namespace, flowId: c.flowId, state: c.state }))}
        />
      )}
      {tab === "gantt" && <ExecutionGantt tenantId={t} initial={execution} />}
      {tab === "logs" && <ExecutionLogs tenantId={t} executionId={execution.id} />}
      {tab === "topology" && <ExecutionTopology tenantId={t} initial={execution} graph={extra.definition ? buildFlowGraph(extra.definition) : null} />}
      {tab === "outputs" && <ExecutionOutputs tenantId={t} initial={execution} />}
    </>
  );
}

import { notFound, redirect } from "next/navigation";
import { withTenant } from "@/db/tenant";
import { getFlow, getFlowRevision, type FlowRevisionRow, type FlowRow } from "@/db/queries/flows";
import type { ExecutionSummary } from "@/components/flows/executions-table";
import { FlowHeader } from "@/components/flows/flow-header";
import { FlowOverview } from "@/components/flows/flow-overview";
import { FlowRevisions } from "@/components/flows/flow-revisions";
import { FlowExecutionsTab, FlowTopologyTab, FlowTriggersTab } from "@/components/flows/flow-tabs";
import { LazyFlowEditor } from "@/components/flows/lazy";
import { decodeParam, flowHref, isFlowTab, type FlowTab } from "@/components/flows/links";
import { NoPermission } from "@/components/shell/no-permission";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { TriggerStates } from "@/components/triggers/trigger-states";
import { buildFlowGraph } from "@/lib/ui/flow-graph";
import { flowCompletionCatalog } from "@/lib/ui/flow-catalog";
import { lastExecutions, recentExecutions, revisionHistory, type LastExecution } from "@/db/queries/flow-activity";
import { requestOrigin } from "@/lib/ui/origin";
import { findTenantPage, getTenantPage, NOT_FOUND_TITLE } from "@/lib/ui/tenant";

type FlowData = {
  flow: FlowRow;
  last?: LastExecution | null;
  executions?: ExecutionSummary[] | null;
  revisions?: {
    history: Awaited<ReturnType<typeof revisionHistory>>;
    a: number;
    b: number;
    left: FlowRevisionRow | null;
    right: FlowRevisionRow | null;
  };
};

type Params = Promise<{ tenantId: string; namespace: string; id: string; tab: string }>;
type SearchParams = Promise<{ a?: string; b?: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { tenantId, id, tab } = await params;
  const page = await findTenantPage(tenantId);
  if (!page) return { title: NOT_FOUND_TITLE };
  const label = isFlowTab(tab) ? `${tab[0]!.toUpperCase()}${tab.slice(1)} · ` : "";
  return { title: `${decodeParam(id)} · ${label}Flows · ${page.tenant.name}` };
}

const revisionParam = (v: string | undefined) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

/** One flow, one tab of it: overview, editor, topology, revisions, executions, triggers. */
export default async function FlowPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { tenantId, tab: rawTab, namespace: rawNamespace, id: rawId } = await params;
  const namespace = decodeParam(rawNamespace);
  const id = decodeParam(rawId);
  const page = await getTenantPage(tenantId);
  if (!page.can("FLOW", "READ")) return <><PageHeader title={id} /><NoPermission what="flows" permission="FLOW:READ" /></>;
  if (!isFlowTab(rawTab)) redirect(flowHref(page.tenantId, namespace, id));
  // A flow in a namespace the user cannot read looks like no flow at all (as in the API).
  if (!page.can("FLOW", "READ", namespace)) notFound();
  const tab: FlowTab = rawTab;

  const query = await searchParams;
  const data = await withTenant(page.ctx, async (tx): Promise<FlowData | null> => {
    const flow = await getFlow(tx, { namespace, id });
    if (!flow) return null;
    const readExecutions = page.can("EXECUTION", "READ", namespace);
    if (tab === "overview") {
      const last = readExecutions ? ((await lastExecutions(tx, [flow])).get(`${namespace}/${id}`) ?? null) : undefined;
      return { flow, last };
    }
    if (tab === "executions") return { flow, executions: readExecutions ? await recentExecutions(tx, { namespace, flowId: id, limit: 50 }) : null };
    if (tab === "revisions") {
      const history = await revisionHistory(tx, { namespace, id });
      const b = revisionParam(query.b) ?? flow.revision;
      const a = revisionParam(query.a) ?? history.find((r) => r.revision < b)?.revision ?? b;
      const [left, right] = await Promise.all([getFlowRevision(tx, { namespace, id, revision: a }), getFlowRevision(tx, { namespace, id, revision: b })]);
      return { flow, revisions: { history, a, b, left, right } };
    }
    return { flow };
  });
  if (!data) notFound();
  const { flow } = data;
  const header = <FlowHeader tenantId={page.tenantId} flow={flow} tab={tab} canDelete={page.can("FLOW", "DELETE", namespace)} canExecute={page.can("EXECUTION", "CREATE", namespace)} />;
  const webhookBase = `${await requestOrigin()}/api/v1/${page.tenantId}/executions/webhook/${namespace}/${id}`;

  switch (tab) {
    case "overview":
      return (
        <>
          {header}
          <FlowOverview tenantId={page.tenantId} flow={flow} graph={buildFlowGraph(flow.definition)} last={data.last} webhookBase={webhookBase} />
        </>
      );
    case "editor": {
      const canUpdate = page.can("FLOW", "UPDATE", namespace);
      return (
        <>
          {header}
          <LazyFlowEditor
            key={`${namespace}/${id}`}
            tenantId={page.tenantId}
            mode="update"
            namespace={namespace}
            id={id}
            revision={flow.revision}
            initialSource={flow.source}
            catalog={flowCompletionCatalog()}
            readOnlyReason={canUpdate ? undefined : `Your roles do not allow editing flows in ${namespace} (FLOW:UPDATE). You can read the source and copy it.`}
          />
        </>
      );
    }
    case "topology":
      return (
        <>
          {header}
          <FlowTopologyTab graph={buildFlowGraph(flow.definition)} />
        </>
      );
    case "revisions": {
      if (!data.revisions) notFound();
      const { history, a, b, left, right } = data.revisions;
      return (
        <>
          {header}
          <FlowRevisions
            tenantId={page.tenantId}
            namespace={namespace}
            id={id}
            current={flow.revision}
            rows={history.map((r) => ({ revision: r.revision, createdAt: r.createdAt.toISOString(), deleted: r.deleted, authorEmail: r.authorEmail }))}
            a={a}
            b={b}
            left={left && { revision: left.revision, createdAt: left.createdAt, source: left.source }}
            right={right && { revision: right.revision, createdAt: right.createdAt, source: right.source }}
            canRestore={page.can("FLOW", "UPDATE", namespace)}
          />
        </>
      );
    }
    case "executions":
      return (
        <>
          {header}
          <FlowExecutionsTab tenantId={page.tenantId} namespace={namespace} id={id} executions={data.executions ?? null} origin={await requestOrigin()} />
        </>
      );
    case "triggers":
      return (
        <>
          {header}
          <FlowTriggersTab flow={flow} webhookBase={webhookBase} />
          {page.can("TRIGGER", "READ", namespace) && (
            <div className="mt-4">
              <Panel title="Trigger state" description="What the scheduler keeps for each trigger: next date, last execution, lock.">
                <TriggerStates page={page} namespace={namespace} flowId={id} showFlow={false} />
              </Panel>
            </div>
          )}
        </>
      );
  }
}

import type { FlowRow } from "@/db/queries/flows";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Lock, Play, Settings } from "@/components/ui/icons";
import { Panel } from "@/components/ui/panel";
import type { FlowGraph } from "@/lib/ui/flow-graph";
import { ExecutionsTable, type ExecutionSummary } from "./executions-table";
import { TriggersTable, type TriggerDefinition } from "./flow-triggers";
import { LazyTopology } from "./lazy";

/** What each kind of edge of the topology means. */
function Legend() {
  const item = (label: string, color: string, dashed = false) => (
    <span className="flex items-center gap-1.5">
      <svg width="22" height="6" aria-hidden="true">
        <line x1="0" y1="3" x2="22" y2="3" stroke={color} strokeWidth="2" strokeDasharray={dashed ? "4 3" : undefined} />
      </svg>
      {label}
    </span>
  );
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-[11px] text-zinc-500">
      {item("next", "#a1a1aa")}
      {item("branch", "#6366f1")}
      {item("on failure (errors)", "#dc2626", true)}
      {item("finally", "#d97706", true)}
      {item("after execution", "#0284c7", true)}
    </div>
  );
}

export function FlowTopologyTab({ graph }: { graph: FlowGraph }) {
  return (
    <Panel title="Topology" description="Tasks top to bottom; flowable tasks are boxes around their branches." actions={<Legend />}>
      <div className="h-[calc(100dvh-305px)] min-h-[440px]">
        <LazyTopology graph={graph} />
      </div>
    </Panel>
  );
}

/** The flow's executions, newest first, or what will be listed here and how to start one. */
export function FlowExecutionsTab({
  tenantId,
  namespace,
  id,
  executions,
  origin,
}: {
  tenantId: string;
  namespace: string;
  id: string;
  executions: ExecutionSummary[] | null;
  origin: string;
}) {
  if (executions === null) {
    return (
      <Panel>
        <EmptyState icon={<Lock />} title="You cannot view executions in this namespace">
          Your roles here do not include <code>EXECUTION:READ</code> for <code>{namespace}</code>.
        </EmptyState>
      </Panel>
    );
  }
  if (executions.length === 0) {
    return (
      <Panel>
        <EmptyState icon={<Play />} title="This flow has not run yet">
          Each execution of this flow will be listed here, newest first, with its state, start time, duration and the revision it ran. Executions start from the flow&apos;s
          triggers, from another flow (Subflow) or through the API:
        </EmptyState>
        <div className="mx-auto max-w-3xl px-4 pb-8">
          <CodeBlock code={`curl -u "$EMAIL:$PASSWORD" -X POST ${origin}/api/v1/${tenantId}/executions/${namespace}/${id}`} />
        </div>
      </Panel>
    );
  }
  return (
    <Panel title="Executions" description={`The latest ${executions.length} ${executions.length === 1 ? "execution" : "executions"} of this flow.`}>
      <ExecutionsTable tenantId={tenantId} rows={executions} />
    </Panel>
  );
}

/** The flow's triggers as defined in its source, and what their runtime state will add. */
export function FlowTriggersTab({ flow, webhookBase }: { flow: FlowRow; webhookBase: string }) {
  const triggers = ((flow.definition as { triggers?: TriggerDefinition[] }).triggers ?? []) as TriggerDefinition[];
  if (triggers.length === 0) {
    return (
      <Panel>
        <EmptyState icon={<Settings />} title="No triggers">
          A trigger starts this flow on its own: on a cron <code>Schedule</code>, when a <code>Webhook</code> URL is called, or when another flow&apos;s execution ends (
          <code>Flow</code>). Add one under <code>triggers:</code> in the editor; it will be listed here with its next and last evaluation.
        </EmptyState>
      </Panel>
    );
  }
  return (
    <Panel
      title="Triggers"
      description="As defined in the current revision. Each trigger's next evaluation, last execution and lock appear here once the scheduler has evaluated it."
    >
      <TriggersTable triggers={triggers} webhookBase={webhookBase} />
    </Panel>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import type { FlowRow } from "@/db/queries/flows";
import { Badge, Panel, TableWrap } from "@/components/ui/panel";
import type { FlowGraph } from "@/lib/ui/flow-graph";
import type { LastExecution } from "@/db/queries/flow-activity";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { LabelChips } from "./label-chips";
import { LazyTopology } from "./lazy";
import { flowHref, namespaceHref } from "./links";
import { StateBadge } from "./state-badge";
import { TriggersTable, type TriggerDefinition } from "./flow-triggers";

type InputDefinition = { id: string; type: string; required?: boolean; defaults?: unknown; description?: string; displayName?: string };

function preview(value: unknown): string {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_1fr] gap-2 px-4 py-2">
      <dt className="text-[12px] text-zinc-500">{label}</dt>
      <dd className="min-w-0 text-[13px]">{children}</dd>
    </div>
  );
}

/** A flow at a glance: description, topology, inputs, triggers, and its details on the side. */
export function FlowOverview({
  tenantId,
  flow,
  graph,
  last,
  webhookBase,
}: {
  tenantId: string;
  flow: FlowRow;
  graph: FlowGraph;
  /** The latest execution; null when it never ran, undefined when the user may not read executions. */
  last?: LastExecution | null;
  webhookBase: string;
}) {
  const definition = flow.definition as { inputs?: InputDefinition[]; triggers?: TriggerDefinition[] };
  const inputs = definition.inputs ?? [];
  const triggers = definition.triggers ?? [];
  const taskCount = graph.nodes.filter((n) => n.kind === "task" || n.kind === "flowable").length;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <div className="min-w-0 space-y-4">
        <Panel
          title="Topology"
          description={`${taskCount} ${taskCount === 1 ? "task" : "tasks"}, top to bottom`}
          actions={
            <Link href={flowHref(tenantId, flow.namespace, flow.id, "topology")} className="text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline">
              Open full size
            </Link>
          }
        >
          <LazyTopology graph={graph} compact />
        </Panel>

        <Panel title="Inputs" description={inputs.length ? "Asked for when an execution starts." : undefined}>
          {inputs.length === 0 ? (
            <p className="px-4 py-3 text-[13px] text-zinc-500">This flow takes no inputs.</p>
          ) : (
            <TableWrap>
              <table className="data-table" data-testid="inputs">
                <thead>
                  <tr>
                    <th scope="col">Input</th>
                    <th scope="col">Type</th>
                    <th scope="col">Required</th>
                    <th scope="col">Default</th>
                    <th scope="col">Description</th>
                  </tr>
                </thead>
                <tbody>
                  {inputs.map((input) => (
                    <tr key={input.id}>
                      <td className="font-mono text-[12px] whitespace-nowrap">{input.id}</td>
                      <td className="font-mono text-[12px]">{input.type}</td>
                      <td>{input.required === false ? <span className="text-zinc-500">optional</span> : <Badge tone="amber">required</Badge>}</td>
                      <td className="max-w-40 truncate font-mono text-[12px] text-zinc-600">{preview(input.defaults) || <span className="text-zinc-400">—</span>}</td>
                      <td className="max-w-72 truncate text-zinc-600">{input.description ?? input.displayName ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </Panel>

        <Panel
          title="Triggers"
          actions={
            <Link href={flowHref(tenantId, flow.namespace, flow.id, "triggers")} className="text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline">
              Details
            </Link>
          }
        >
          {triggers.length === 0 ? (
            <p className="px-4 py-3 text-[13px] text-zinc-500">No triggers: the flow starts when run by hand, through the API, or as a subflow.</p>
          ) : (
            <TriggersTable triggers={triggers} webhookBase={webhookBase} />
          )}
        </Panel>
      </div>

      <aside className="order-first space-y-4 lg:order-none">
        <Panel title="Details">
          <dl className="divide-y divide-zinc-100 py-1">
            {flow.description && (
              <Detail label="Description">
                <p className="whitespace-pre-line text-zinc-700">{flow.description}</p>
              </Detail>
            )}
            <Detail label="Namespace">
              <Link href={namespaceHref(tenantId, flow.namespace)} className="font-mono text-[12px] break-all hover:underline">
                {flow.namespace}
              </Link>
            </Detail>
            <Detail label="Revision">
              <Link href={flowHref(tenantId, flow.namespace, flow.id, "revisions")} className="font-mono text-[12px] hover:underline">
                {flow.revision}
              </Link>
            </Detail>
            <Detail label="Updated">
              <span title={formatDateTime(flow.updatedAt)}>{formatAgo(flow.updatedAt)}</span>
            </Detail>
            <Detail label="Created">{formatDateTime(flow.createdAt)}</Detail>
            <Detail label="Status">{flow.disabled ? <Badge>Disabled</Badge> : <Badge tone="green">Enabled</Badge>}</Detail>
            <Detail label="Labels">
              <LabelChips labels={flow.labels} href={(l) => `/ui/${tenantId}/flows?labels=${encodeURIComponent(`${l.key}:${l.value}`)}`} max={8} />
            </Detail>
            {last !== undefined && (
              <Detail label="Last run">
                {last ? (
                  <span className="flex items-center gap-1.5">
                    <StateBadge state={last.state} />
                    <span className="text-[12px] text-zinc-500" title={formatDateTime(last.startDate)}>
                      {formatAgo(last.startDate)}
                    </span>
                  </span>
                ) : (
                  <span className="text-zinc-500">Never</span>
                )}
              </Detail>
            )}
          </dl>
        </Panel>
      </aside>
    </div>
  );
}

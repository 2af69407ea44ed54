import Link from "next/link";
import type { FlowRow } from "@/db/queries/flows";
import { TableWrap } from "@/components/ui/panel";
import { ChevronDown } from "@/components/ui/icons";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { flowListHref, type FlowListParams } from "@/lib/ui/flow-list";
import type { LastExecution } from "@/db/queries/flow-activity";
import { cn } from "@/lib/ui/cn";
import { LabelChips } from "./label-chips";
import { StateBadge } from "./state-badge";
import { RunFlowButton } from "@/components/executions/run-flow-button";
import type { FlowInput } from "@/components/executions/run-inputs";
import { flowHref } from "./links";

type Column = "id" | "namespace" | "revision" | "updated";

/** A column header that sorts the list by itself; a second click reverses the order. */
function SortHeader({ column, label, base, params, className }: { column: Column; label: string; base: string; params: FlowListParams; className?: string }) {
  const [field, direction] = (params.sort ?? "namespace:asc").split(":");
  const active = field === column;
  const next = active && direction === "asc" ? "desc" : "asc";
  return (
    <th scope="col" className={className} aria-sort={active ? (direction === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={flowListHref(base, params, { sort: `${column}:${next}` })} className={cn("inline-flex items-center gap-0.5 hover:text-zinc-900", active && "text-zinc-900")}>
        {label}
        <ChevronDown size={12} className={cn(active ? "opacity-100" : "opacity-0", active && direction === "desc" ? "" : "rotate-180")} />
      </Link>
    </th>
  );
}

/** The flows of one page of the list, with their latest execution. */
export function FlowsTable({
  tenantId,
  rows,
  executions,
  base,
  params,
  namespaceLink,
  labelLink,
  showNamespace = true,
  canExecute,
}: {
  tenantId: string;
  rows: FlowRow[];
  executions: Map<string, LastExecution>;
  /** The list page that sorting and label links stay on. */
  base: string;
  params: FlowListParams;
  /** Where a namespace leads; the list filtered by it by default. */
  namespaceLink?: (namespace: string) => string;
  /** Where a label chip leads; the list filtered by it by default. */
  labelLink?: (label: { key: string; value: string }) => string;
  showNamespace?: boolean;
  /** Whether the row gets an Execute button (EXECUTION:CREATE in the flow's namespace). */
  canExecute?: (namespace: string) => boolean;
}) {
  const now = new Date();
  return (
    <TableWrap>
      <table className="data-table" data-testid="flows">
        <thead>
          <tr>
            <SortHeader column="id" label="Flow" base={base} params={params} />
            {showNamespace && <SortHeader column="namespace" label="Namespace" base={base} params={params} className="hidden md:table-cell" />}
            <th scope="col" className="hidden md:table-cell">
              Labels
            </th>
            <SortHeader column="revision" label="Rev." base={base} params={params} className="text-right" />
            <th scope="col">Last execution</th>
            <SortHeader column="updated" label="Updated" base={base} params={params} />
            {canExecute && (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((flow) => {
            const last = executions.get(`${flow.namespace}/${flow.id}`);
            return (
              <tr key={`${flow.namespace}/${flow.id}`}>
                <td className="max-w-80 py-1.5">
                  <Link href={flowHref(tenantId, flow.namespace, flow.id)} className="font-medium hover:underline">
                    {flow.id}
                  </Link>
                  {flow.disabled && <span className="ml-1.5 rounded bg-zinc-100 px-1 text-[11px] text-zinc-500">disabled</span>}
                  {flow.description && <div className="hidden truncate text-[12px] text-zinc-500 md:block">{flow.description}</div>}
                  {showNamespace && <div className="truncate font-mono text-[11px] text-zinc-500 md:hidden">{flow.namespace}</div>}
                </td>
                {showNamespace && (
                  <td className="hidden whitespace-nowrap md:table-cell">
                    <Link
                      href={namespaceLink ? namespaceLink(flow.namespace) : flowListHref(base, params, { namespace: flow.namespace })}
                      className="font-mono text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline"
                    >
                      {flow.namespace}
                    </Link>
                  </td>
                )}
                <td className="hidden min-w-32 md:table-cell">
                  <LabelChips labels={flow.labels} href={labelLink ?? ((l) => flowListHref(base, params, { labels: `${l.key}:${l.value}` }))} max={3} />
                </td>
                <td className="text-right font-mono text-[12px] tabular-nums">{flow.revision}</td>
                <td className="whitespace-nowrap">
                  {last ? (
                    <span className="flex items-center gap-1.5" title={`Started ${formatDateTime(last.startDate)}`}>
                      <StateBadge state={last.state} />
                      <span className="text-[12px] text-zinc-500">{formatAgo(last.startDate, now)}</span>
                    </span>
                  ) : (
                    <span className="text-[12px] text-zinc-400">Never run</span>
                  )}
                </td>
                <td className="whitespace-nowrap text-zinc-600" title={formatDateTime(flow.updatedAt)}>
                  {formatAgo(flow.updatedAt, now)}
                </td>
                {canExecute && (
                  <td className="text-right">
                    {canExecute(flow.namespace) && (
                      <RunFlowButton
                        tenantId={tenantId}
                        namespace={flow.namespace}
                        flowId={flow.id}
                        inputs={((flow.definition as { inputs?: FlowInput[] }).inputs ?? []) as FlowInput[]}
                        disabled={flow.disabled}
                        size="sm"
                      />
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

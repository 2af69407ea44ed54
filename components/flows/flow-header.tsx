import Link from "next/link";
import type { FlowRow } from "@/db/queries/flows";
import { deleteFlow } from "@/lib/actions/flows";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Trash } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/panel";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { cn } from "@/lib/ui/cn";
import { RunFlowButton } from "@/components/executions/run-flow-button";
import type { FlowInput } from "@/components/executions/run-inputs";
import { FLOW_TABS, flowHref, namespaceHref, type FlowTab } from "./links";

/** Title, breadcrumb and tabs of a flow page; the tab is part of the URL. */
export function FlowHeader({ tenantId, flow, tab, canDelete, canExecute = false }: { tenantId: string; flow: FlowRow; tab: FlowTab; canDelete: boolean; canExecute?: boolean }) {
  return (
    <>
      <PageHeader
        eyebrow={
          <span className="flex items-center gap-1.5">
            <Link href={`/ui/${tenantId}/flows`} className="hover:text-zinc-900 hover:underline">
              Flows
            </Link>
            <span aria-hidden="true" className="text-zinc-300">
              /
            </span>
            <Link href={namespaceHref(tenantId, flow.namespace)} className="font-mono text-[11.5px] hover:text-zinc-900 hover:underline">
              {flow.namespace}
            </Link>
          </span>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{flow.id}</span>
            {flow.disabled && <Badge>Disabled</Badge>}
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-2">
            <span>
              Revision <span className="font-mono text-zinc-700" data-testid="flow-revision">{flow.revision}</span>
            </span>
            <span aria-hidden="true">·</span>
            <span title={formatDateTime(flow.updatedAt)}>updated {formatAgo(flow.updatedAt)}</span>
          </span>
        }
        actions={
          canDelete || canExecute ? (
            <>
            {canExecute && (
              <RunFlowButton tenantId={tenantId} namespace={flow.namespace} flowId={flow.id} inputs={((flow.definition as { inputs?: FlowInput[] }).inputs ?? []) as FlowInput[]} disabled={flow.disabled} />
            )}
            {canDelete && <ConfirmButton
              action={deleteFlow}
              hidden={{ tenantId, namespace: flow.namespace, id: flow.id }}
              label="Delete"
              icon={<Trash size={14} />}
              size="md"
              title={`Delete ${flow.id}?`}
              description={
                <>
                  The flow stops running and leaves the list. Its revisions are kept, and creating <code>{flow.namespace}</code>/<code>{flow.id}</code> again continues them.
                </>
              }
              confirmLabel="Delete flow"
            />}
            </>
          ) : undefined
        }
      />
      <nav aria-label="Flow sections" className="-mx-4 mb-4 overflow-x-auto border-b border-zinc-200 px-4 md:mx-0 md:px-0">
        <ul className="flex gap-1">
          {FLOW_TABS.map((t) => {
            const active = t.id === tab;
            return (
              <li key={t.id} className="shrink-0">
                <Link
                  href={flowHref(tenantId, flow.namespace, flow.id, t.id)}
                  aria-current={active ? "page" : undefined}
                  className={cn(
                    "-mb-px flex h-9 items-center border-b-2 px-2.5 text-[13px] whitespace-nowrap transition-colors",
                    active ? "border-zinc-900 font-medium text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-900",
                  )}
                >
                  {t.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </>
  );
}

import Link from "next/link";
import { TabNav } from "@/components/ui/tab-nav";
import type { FlowRow } from "@/db/queries/flows";
import { deleteFlow } from "@/lib/actions/flows";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Trash } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Badge } from "@/components/ui/panel";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
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
      <TabNav label="Flow sections" current={tab} tabs={FLOW_TABS.map((t) => ({ ...t, href: flowHref(tenantId, flow.namespace, flow.id, t.id) }))} />
    </>
  );
}

import Link from "next/link";
import cronstrue from "cronstrue";
import { withTenant } from "@/db/tenant";
import { findTriggers } from "@/db/queries/triggers";
import { getFlow } from "@/db/queries/flows";
import { executionHref } from "@/components/executions/model";
import { flowHref } from "@/components/flows/links";
import { Badge, TableWrap } from "@/components/ui/panel";
import { namespaceScope } from "@/lib/permissions";
import { shortType } from "@/lib/ui/flow-graph";
import type { TenantPage } from "@/lib/ui/tenant";
import { LocalTime } from "./local-time";
import { TriggerActions } from "./trigger-actions";
import { BackfillForm, BackfillProgress } from "./backfill";

type Definition = { id: string; type: string; cron?: string; timezone?: string; withSeconds?: boolean; disabled?: boolean };

/** A cron in words (`At 02:30 AM`), or the cron itself when it has none. */
function cronInWords(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return cron;
  }
}

/** The trigger rows of the tenant (or one flow), with the state the scheduler keeps. */
export async function TriggerStates({ page, namespace, flowId, q, showFlow = true }: { page: TenantPage; namespace?: string; flowId?: string; q?: string; showFlow?: boolean }) {
  const { rows, definitions } = await withTenant(page.ctx, async (tx) => {
    const { rows } = await findTriggers(tx, { q, namespace, flowId, exactNamespace: Boolean(flowId), page: 1, size: 500, scope: namespaceScope(page.grants, "TRIGGER", "READ") });
    const definitions = new Map<string, Definition>();
    for (const key of new Set(rows.map((r) => `${r.namespace}\u0000${r.flowId}`))) {
      const [ns, id] = key.split("\u0000");
      const flow = await getFlow(tx, { namespace: ns, id });
      for (const t of ((flow?.definition.triggers ?? []) as Definition[])) definitions.set(`${key}\u0000${t.id}`, t);
    }
    return { rows, definitions };
  });
  if (rows.length === 0) return <p className="px-3 py-6 text-center text-[13px] text-zinc-500">No trigger matches.</p>;
  return (
    <TableWrap>
      <table className="data-table" data-testid="trigger-states">
        <thead>
          <tr>
            {showFlow && <th scope="col">Flow</th>}
            <th scope="col">Trigger</th>
            <th scope="col">Type</th>
            <th scope="col">Schedule</th>
            <th scope="col">Next</th>
            <th scope="col">Last execution</th>
            <th scope="col">State</th>
            <th scope="col" className="w-0">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const definition = definitions.get(`${row.namespace}\u0000${row.flowId}\u0000${row.triggerId}`);
            const locked = row.lockOwner !== null;
            const disabledInSource = definition?.disabled === true;
            const canUpdate = page.can("TRIGGER", "UPDATE", row.namespace);
            return (
              <tr key={`${row.namespace}.${row.flowId}.${row.triggerId}`} data-trigger={`${row.namespace}.${row.flowId}.${row.triggerId}`}>
                {showFlow && (
                  <td className="whitespace-nowrap">
                    <Link href={flowHref(page.tenantId, row.namespace, row.flowId, "triggers")} className="hover:underline">
                      <span className="font-mono text-[12px] text-zinc-400">{row.namespace}.</span>
                      <span className="font-medium">{row.flowId}</span>
                    </Link>
                  </td>
                )}
                <td className="font-medium whitespace-nowrap">{row.triggerId}</td>
                <td className="font-mono text-[12px] whitespace-nowrap" title={row.type}>
                  {shortType(row.type)}
                </td>
                <td className="min-w-40">
                  {definition?.cron ? (
                    <>
                      <div>{cronInWords(definition.cron)}</div>
                      <div className="text-[12px] text-zinc-500">
                        <code>{definition.cron}</code>
                        {definition.timezone && <span className="ml-1.5">{definition.timezone}</span>}
                      </div>
                    </>
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                </td>
                <td className="min-w-28">
                  <LocalTime iso={row.nextExecutionDate?.toISOString() ?? null} />
                </td>
                <td className="min-w-28">
                  {row.executionId ? (
                    <Link href={executionHref(page.tenantId, { namespace: row.namespace, flowId: row.flowId, id: row.executionId })} className="hover:underline">
                      <LocalTime iso={row.date?.toISOString() ?? null} />
                    </Link>
                  ) : (
                    <span className="text-zinc-400">—</span>
                  )}
                </td>
                <td className="whitespace-nowrap">
                  {row.disabled || disabledInSource ? <Badge>Disabled</Badge> : <Badge tone="green">Enabled</Badge>}
                  {locked && (
                    <Badge tone="amber" className="ml-1">
                      Locked
                    </Badge>
                  )}
                  {row.backfill && (
                    <BackfillProgress
                      triggerKey={{ tenantId: page.tenantId, namespace: row.namespace, flowId: row.flowId, triggerId: row.triggerId }}
                      backfill={row.backfill}
                    />
                  )}
                </td>
                <td>
                  {canUpdate && !disabledInSource && (
                    <div className="flex flex-col items-end">
                      <div className="flex items-center gap-1.5">
                        {definition?.cron && !row.backfill && !row.disabled && (
                          <BackfillForm triggerKey={{ tenantId: page.tenantId, namespace: row.namespace, flowId: row.flowId, triggerId: row.triggerId }} />
                        )}
                        <TriggerActions triggerKey={{ tenantId: page.tenantId, namespace: row.namespace, flowId: row.flowId, triggerId: row.triggerId }} disabled={row.disabled} locked={locked} />
                      </div>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

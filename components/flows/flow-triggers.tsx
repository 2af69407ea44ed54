import type { ReactNode } from "react";
import { Badge, TableWrap } from "@/components/ui/panel";
import { shortType } from "@/lib/ui/flow-graph";

export type TriggerDefinition = { id: string; type: string; disabled?: boolean; description?: string; [key: string]: unknown };

const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join(", ") : undefined);

/** What a trigger reacts to, in one line. */
function when(trigger: TriggerDefinition, webhookBase: string): ReactNode {
  switch (shortType(trigger.type)) {
    case "Schedule":
      return (
        <>
          <code className="rounded bg-zinc-100 px-1">{String(trigger.cron ?? "")}</code>
          {typeof trigger.timezone === "string" && <span className="ml-1.5 text-zinc-500">{trigger.timezone}</span>}
        </>
      );
    case "Webhook":
      return <code className="break-all text-[11.5px] text-zinc-600">{`${webhookBase}/${String(trigger.key ?? "")}`}</code>;
    case "Flow": {
      const conditions = Array.isArray(trigger.conditions) ? trigger.conditions.length : 0;
      const states = list(trigger.states);
      return (
        <span className="text-zinc-600">
          When another execution ends{states ? ` in ${states}` : ""}
          {conditions ? `, ${conditions} condition${conditions === 1 ? "" : "s"}` : ""}
          {trigger.preconditions ? ", with preconditions" : ""}
        </span>
      );
    }
    default:
      return <span className="text-zinc-500">—</span>;
  }
}

/** The triggers of a flow definition: id, type, what fires them, enabled or not. */
export function TriggersTable({ triggers, webhookBase }: { triggers: TriggerDefinition[]; webhookBase: string }) {
  return (
    <TableWrap>
      <table className="data-table" data-testid="triggers">
        <thead>
          <tr>
            <th scope="col">Trigger</th>
            <th scope="col">Type</th>
            <th scope="col">Fires</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {triggers.map((t) => (
            <tr key={t.id}>
              <td className="font-medium whitespace-nowrap">
                {t.id}
                {t.description && <div className="max-w-56 truncate text-[12px] font-normal text-zinc-500">{t.description}</div>}
              </td>
              <td className="font-mono text-[12px] whitespace-nowrap" title={t.type}>
                {shortType(t.type)}
              </td>
              <td className="min-w-56">{when(t, webhookBase)}</td>
              <td>{t.disabled ? <Badge>Disabled</Badge> : <Badge tone="green">Enabled</Badge>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

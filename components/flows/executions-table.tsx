import Link from "next/link";
import { TableWrap } from "@/components/ui/panel";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { StateBadge } from "./state-badge";

export type ExecutionSummary = {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: string;
  startDate: Date;
  endDate: Date | null;
};

function duration(start: Date, end: Date | null): string {
  if (!end) return "—";
  const ms = end.getTime() - start.getTime();
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Executions, newest first: id, flow (unless one flow is shown), state, start, duration. */
export function ExecutionsTable({ tenantId, rows, showFlow = false }: { tenantId: string; rows: ExecutionSummary[]; showFlow?: boolean }) {
  const now = new Date();
  return (
    <TableWrap>
      <table className="data-table" data-testid="executions">
        <thead>
          <tr>
            <th scope="col">Execution</th>
            {showFlow && <th scope="col">Flow</th>}
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col" className="text-right">Duration</th>
            <th scope="col" className="text-right">Rev.</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id}>
              <td className="font-mono text-[12px] whitespace-nowrap">
                <Link href={`/ui/${tenantId}/executions/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.flowId)}/${encodeURIComponent(e.id)}`} className="hover:underline">
                  {e.id}
                </Link>
              </td>
              {showFlow && <td className="whitespace-nowrap">{e.flowId}</td>}
              <td>
                <StateBadge state={e.state} />
              </td>
              <td className="whitespace-nowrap text-zinc-600" title={formatDateTime(e.startDate)}>
                {formatAgo(e.startDate, now)}
              </td>
              <td className="text-right whitespace-nowrap text-zinc-600 tabular-nums">{duration(e.startDate, e.endDate)}</td>
              <td className="text-right font-mono text-[12px]">{e.flowRevision}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

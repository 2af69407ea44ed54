import { Badge, TableWrap } from "@/components/ui/panel";
import { formatAgo, formatDateTime } from "@/lib/ui/format";

export type AuditRow = {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  detail: unknown;
};

const TONES: Record<string, "green" | "amber" | "red" | "neutral"> = { CREATE: "green", UPDATE: "amber", DELETE: "red" };

function summary(detail: unknown): string {
  if (detail == null) return "";
  const text = typeof detail === "string" ? detail : JSON.stringify(detail);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Who did what to which resource, newest first. */
export function AuditTable({ rows, compact = false }: { rows: AuditRow[]; compact?: boolean }) {
  return (
    <TableWrap>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            {!compact && <th scope="col">Detail</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="whitespace-nowrap text-zinc-600" title={formatDateTime(r.at)}>
                {compact ? formatAgo(r.at) : formatDateTime(r.at)}
              </td>
              <td className="max-w-56 truncate">{r.actorEmail ?? (r.actorId ? <span className="font-mono text-[12px]">{r.actorId}</span> : <span className="text-zinc-500">system</span>)}</td>
              <td>
                <Badge tone={TONES[r.action] ?? "neutral"}>{r.action}</Badge>
              </td>
              <td className="whitespace-nowrap">
                <span className="font-medium">{r.resourceType}</span>
                {r.resourceId && <span className="ml-1.5 font-mono text-[12px] text-zinc-500">{r.resourceId}</span>}
              </td>
              {!compact && (
                <td>
                  <code className="block max-w-48 truncate text-[11px] text-zinc-500 lg:max-w-80 xl:max-w-md" title={summary(r.detail)}>
                    {summary(r.detail)}
                  </code>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

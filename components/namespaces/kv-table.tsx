import type { KvRow } from "@/db/queries/kv";
import { Badge, TableWrap } from "@/components/ui/panel";
import { formatAgo, formatDateTime } from "@/lib/ui/format";

/** Kestra's KV types, from the stored JSON value. */
function kvType(value: unknown): string {
  if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}T/.test(value) ? "DATETIME" : "STRING";
  if (typeof value === "number") return "NUMBER";
  if (typeof value === "boolean") return "BOOLEAN";
  return "JSON";
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 48 ? `${text.slice(0, 45)}…` : text;
}

/** The key-value pairs of a namespace: key, type, a preview of the value, dates. */
export function KvTable({ rows }: { rows: KvRow[] }) {
  const now = new Date();
  return (
    <TableWrap>
      <table className="data-table" data-testid="kv">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Type</th>
            <th scope="col">Value</th>
            <th scope="col">Description</th>
            <th scope="col">Updated</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td className="font-mono text-[12px] font-medium whitespace-nowrap">{r.key}</td>
              <td>
                <Badge>{kvType(r.value)}</Badge>
              </td>
              <td className="max-w-56 truncate font-mono text-[12px] text-zinc-600" title={preview(r.value)}>
                {preview(r.value)}
              </td>
              <td className="max-w-64 truncate text-zinc-600">{r.description ?? <span className="text-zinc-400">—</span>}</td>
              <td className="whitespace-nowrap text-zinc-600" title={formatDateTime(r.updatedAt)}>
                {formatAgo(r.updatedAt, now)}
              </td>
              <td className="whitespace-nowrap text-zinc-600">{r.expiresAt ? formatDateTime(r.expiresAt) : <span className="text-zinc-400">never</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

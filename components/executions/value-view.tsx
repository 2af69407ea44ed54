import { isStorageUri } from "./model";

/** The download URL of an execution's internal-storage file. */
export const fileUrl = (tenantId: string, executionId: string, path: string) =>
  `/api/v1/${encodeURIComponent(tenantId)}/executions/${encodeURIComponent(executionId)}/file?path=${encodeURIComponent(path)}`;

/** A value of inputs or outputs: scalars inline, objects as JSON, storage files as a download link. */
function ValueView({ value, tenantId, executionId }: { value: unknown; tenantId: string; executionId: string }) {
  if (value === null || value === undefined) return <span className="text-zinc-400">null</span>;
  if (isStorageUri(value)) {
    return (
      <a href={fileUrl(tenantId, executionId, value)} className="font-mono text-[12px] break-all text-brand-700 hover:underline" download>
        {value.slice(value.lastIndexOf("/") + 1)}
      </a>
    );
  }
  if (typeof value === "object") {
    return <pre className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 font-mono text-[11.5px] leading-4 whitespace-pre-wrap break-all">{JSON.stringify(value, null, 2)}</pre>;
  }
  if (typeof value === "boolean" || typeof value === "number") return <span className="font-mono text-[12px]">{String(value)}</span>;
  return <span className="text-[13px] break-all whitespace-pre-wrap">{String(value)}</span>;
}

/** A two-column key → value table, or a dash when empty. */
export function ValueTable({ values, tenantId, executionId, empty }: { values: Record<string, unknown> | null | undefined; tenantId: string; executionId: string; empty: string }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return <p className="px-4 py-3 text-[13px] text-zinc-500">{empty}</p>;
  return (
    <dl className="divide-y divide-zinc-100">
      {entries.map(([k, v]) => (
        <div key={k} className="grid grid-cols-1 gap-1 px-4 py-2 sm:grid-cols-[minmax(8rem,30%)_1fr] sm:gap-3">
          <dt className="font-mono text-[12px] break-all text-zinc-500">{k}</dt>
          <dd className="min-w-0">
            <ValueView value={v} tenantId={tenantId} executionId={executionId} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

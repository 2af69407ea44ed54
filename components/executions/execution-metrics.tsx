import { EmptyState } from "@/components/ui/empty-state";
import { Panel, TableWrap } from "@/components/ui/panel";
import type { MetricEntry } from "@/engine/executor/types";

/** A timer's milliseconds as people read them: 850 ms, 1.5 s, 2 min 3 s. */
export function formatTimer(ms: number): string {
  if (ms < 1000) return `${Number(ms.toFixed(ms < 10 ? 3 : 0))} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** The metrics tab: every metric the execution's task runs emitted (Kestra's Metrics tab). */
export function ExecutionMetrics({ metrics, total }: { metrics: MetricEntry[]; total: number }) {
  if (metrics.length === 0) {
    return (
      <Panel>
        <EmptyState title="No metrics">
          Task runs of this execution emitted no metrics. Return emits <code>length</code> and <code>duration</code>; a script
          emits its own with a <code>{'::{"metrics":[...]}::'}</code> line.
        </EmptyState>
      </Panel>
    );
  }
  return (
    <Panel title="Metrics" description={total > metrics.length ? `The first ${metrics.length} of ${total} metrics.` : `${total} metric${total === 1 ? "" : "s"}`}>
      <TableWrap>
        <table className="data-table" data-testid="metrics">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col" className="text-right">
                Value
              </th>
              <th scope="col">Tags</th>
              <th scope="col">Date</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((m, i) => (
              <tr key={i} data-metric={m.name}>
                <td className="font-mono text-[12px]">{m.taskId ?? "—"}</td>
                <td className="font-medium">{m.name}</td>
                <td className="text-zinc-600">{m.type}</td>
                <td className="text-right whitespace-nowrap tabular-nums" title={String(m.value)}>
                  {m.type === "timer" ? formatTimer(m.value) : m.value.toLocaleString("en-US")}
                </td>
                <td>
                  <div className="flex flex-wrap gap-1">
                    {Object.entries(m.tags).map(([k, v]) => (
                      <span key={k} className="max-w-64 truncate rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] text-zinc-700" title={`${k}: ${v}`}>
                        {k}: {v}
                      </span>
                    ))}
                  </div>
                </td>
                <td className="whitespace-nowrap text-zinc-600 tabular-nums">{m.timestamp.replace("T", " ").slice(0, 19)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </Panel>
  );
}

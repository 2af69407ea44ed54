import type { DayCount } from "@/db/queries/dashboard";
import { listHref } from "./model";
import { stateFill } from "./state-colors";

const ORDER = ["SUCCESS", "WARNING", "FAILED", "KILLED", "RUNNING", "PAUSED", "CREATED", "QUEUED", "RESTARTED", "KILLING", "RETRYING", "RETRIED", "CANCELLED", "SKIPPED"];

/** The last `days` UTC days, oldest first, as `YYYY-MM-DD`. */
function lastDays(days: number, now = new Date()): string[] {
  return Array.from({ length: days }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1 - i))).toISOString().slice(0, 10));
}

/**
 * Executions per day, stacked by state, as plain SVG (no chart package): one bar per day,
 * each a link to that day's executions. The numbers are also in each bar's title.
 */
export function DayChart({ tenantId, data, days = 14 }: { tenantId: string; data: DayCount[]; days?: number }) {
  const dates = lastDays(days);
  const byDay = new Map<string, Map<string, number>>();
  for (const d of data) {
    const m = byDay.get(d.day) ?? new Map<string, number>();
    m.set(d.state, (m.get(d.state) ?? 0) + d.count);
    byDay.set(d.day, m);
  }
  const totals = dates.map((d) => [...(byDay.get(d)?.values() ?? [])].reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const states = ORDER.filter((s) => data.some((d) => d.state === s));
  const W = 700;
  const H = 160;
  const gap = 6;
  const bar = (W - gap * (days - 1)) / days;
  const base = `/ui/${tenantId}/executions`;
  const sum = totals.reduce((a, b) => a + b, 0);
  return (
    <div className="relative px-4 py-3">
      {sum === 0 && (
        <p className="absolute inset-x-4 top-3 flex h-[calc(100%-2.75rem)] items-center justify-center text-[13px] text-zinc-500" data-testid="day-chart-empty">
          No executions in the last {days} days.
        </p>
      )}
      <svg viewBox={`0 0 ${W} ${H + 18}`} className="h-auto w-full" role="img" aria-label={`Executions per day over ${days} days, ${sum} in all`} data-testid="day-chart">
        <line x1="0" x2={W} y1={H + 0.5} y2={H + 0.5} stroke="#e4e4e7" />
        {dates.map((day, i) => {
          const x = i * (bar + gap);
          let y = H;
          const counts = byDay.get(day);
          const to = new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString();
          const title = `${day}: ${totals[i]} executions${counts ? ` (${[...counts.entries()].map(([s, n]) => `${n} ${s}`).join(", ")})` : ""}`;
          return (
            <a key={day} href={listHref(base, { range: "custom", from: `${day}T00:00:00.000Z`, to })}>
              <title>{title}</title>
              <rect x={x} y={0} width={bar} height={H} fill="transparent" />
              {ORDER.map((s) => {
                const n = counts?.get(s) ?? 0;
                if (!n) return null;
                const h = Math.max(1.5, (n / max) * (H - 4));
                y -= h;
                return <rect key={s} x={x} y={y} width={bar} height={h} fill={stateFill(s)} rx={1.5} />;
              })}
              {(i % 2 === 1 || days <= 7) && (
                <text x={x + bar / 2} y={H + 13} textAnchor="middle" fontSize="10" fill="#71717a">
                  {day.slice(5)}
                </text>
              )}
            </a>
          );
        })}
      </svg>
      {states.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-zinc-600">
          {states.map((s) => (
            <li key={s} className="flex items-center gap-1">
              <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ backgroundColor: stateFill(s) }} />
              {s}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { readableQuery } from "@/lib/ui/query";
import { STATE_TYPES, type TaskRun } from "@/engine/executor/types";

/**
 * The executions list's URL and the small pure helpers the execution pages share (no
 * database, no engine import: runs on the server, in the browser and in unit tests).
 */

/** The runtime states, from the executor's own list (a dependency-free module). */
export const EXECUTION_STATES = STATE_TYPES;

const TERMINAL = new Set(["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED", "RETRIED"]);

/** Whether an execution (or task run) in this state will not change any more on its own. */
export const isTerminal = (state: string) => TERMINAL.has(state);

const RANGES = { "1h": 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type RangeKey = keyof typeof RANGES | "custom" | "all";

export const EXECUTION_SORTS = ["startDate", "endDate", "state", "flowId", "namespace", "id"] as const;

/**
 * Every filter of the list, parsed from its URL (`./list-params.ts` holds the zod schema,
 * which only the server and tests load: zod stays out of the browser bundles).
 */
export type ExecutionListParams = {
  q?: string;
  namespace?: string;
  flowId?: string;
  state: (typeof EXECUTION_STATES)[number][];
  labels?: string;
  range?: "1h" | "24h" | "7d" | "30d" | "custom" | "all";
  from?: string;
  to?: string;
  sort?: string;
  page: number;
};

/** The `searchParams` of a page as one string per key (the first of repeated keys, except `state` which is joined). */
export function flattenSearchParams(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? (k === "state" ? v.join(",") : v[0]) : v]));
}

/** The time window of the filters: a relative range ends now; `all` (or nothing) has no bounds. */
export function timeWindow(p: Partial<Pick<ExecutionListParams, "range" | "from" | "to">>, now = Date.now()): { startDate?: string; endDate?: string } {
  if (p.range === "custom") return { startDate: p.from ? new Date(p.from).toISOString() : undefined, endDate: p.to ? new Date(p.to).toISOString() : undefined };
  if (p.range && p.range !== "all") return { startDate: new Date(now - RANGES[p.range]).toISOString() };
  return {};
}

/** The list's query string for these filters (no page 1, no empty values), `:` and `,` kept readable. */
export function listQuery(p: Partial<ExecutionListParams>): string {
  const params = new URLSearchParams();
  const put = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== "") params.set(k, String(v));
  };
  put("q", p.q);
  put("namespace", p.namespace);
  put("flowId", p.flowId);
  if (p.state?.length) params.set("state", p.state.join(","));
  put("labels", p.labels);
  put("range", p.range);
  if (p.range === "custom") {
    put("from", p.from);
    put("to", p.to);
  }
  put("sort", p.sort);
  if (p.page && p.page > 1) params.set("page", String(p.page));
  return readableQuery(params);
}

/** The list URL with some filters changed; the page goes back to 1 unless given. */
export function listHref(base: string, current: Partial<ExecutionListParams>, change: Partial<ExecutionListParams> = {}): string {
  const next = { ...current, ...change };
  if (!("page" in change)) next.page = 1;
  const q = listQuery(next);
  return q ? `${base}?${q}` : base;
}

/** The REST search URL of the list's current page (what the client polls). */
export function searchUrl(tenantId: string, p: ExecutionListParams, size: number, now = Date.now()): string {
  const params = new URLSearchParams({ page: String(p.page), size: String(size) });
  if (p.q) params.set("q", p.q);
  if (p.namespace) params.set("namespace", p.namespace);
  if (p.flowId) params.set("flowId", p.flowId);
  for (const s of p.state) params.append("state", s);
  if (p.labels) params.set("labels", p.labels);
  const w = timeWindow(p, now);
  if (w.startDate) params.set("startDate", w.startDate);
  if (w.endDate) params.set("endDate", w.endDate);
  if (p.sort) params.set("sort", p.sort);
  return `/api/v1/${encodeURIComponent(tenantId)}/executions/search?${params}`;
}

export const EXECUTION_TABS = [
  { id: "overview", label: "Overview" },
  { id: "gantt", label: "Gantt" },
  { id: "logs", label: "Logs" },
  { id: "topology", label: "Topology" },
  { id: "outputs", label: "Outputs" },
] as const;
export type ExecutionTab = (typeof EXECUTION_TABS)[number]["id"];
export const isExecutionTab = (v: string): v is ExecutionTab => EXECUTION_TABS.some((t) => t.id === v);

/** `/ui/{tenant}/executions/{ns}/{flow}/{id}[/{tab}]`; the overview has no tab segment. */
export function executionHref(tenantId: string, e: { namespace: string; flowId: string; id: string }, tab: ExecutionTab = "overview"): string {
  const base = `/ui/${tenantId}/executions/${encodeURIComponent(e.namespace)}/${encodeURIComponent(e.flowId)}/${encodeURIComponent(e.id)}`;
  return tab === "overview" ? base : `${base}/${tab}`;
}

/** Milliseconds between two dates (to now while running). */
export function elapsedMs(start: string | Date, end: string | Date | null | undefined, now = Date.now()): number {
  const s = new Date(start).getTime();
  const e = end ? new Date(end).getTime() : now;
  return Math.max(0, e - s);
}

/** `850 ms`, `4.2 s`, `3 min 5 s`, `2 h 4 min`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s % 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The first 8 characters of an id, enough to tell executions apart in a list. */
export const shortId = (id: string) => id.slice(0, 8);

/** Values stored in internal storage are `kestra:///...` URIs. */
export const isStorageUri = (v: unknown): v is string => typeof v === "string" && v.startsWith("kestra:///");

/** Task runs in tree order (children right after their parent), with their depth. */
export function taskRunTree<T extends Pick<TaskRun, "id" | "parentTaskRunId">>(runs: T[]): { run: T; depth: number }[] {
  const children = new Map<string | null, T[]>();
  const ids = new Set(runs.map((r) => r.id));
  for (const r of runs) {
    const parent = r.parentTaskRunId && ids.has(r.parentTaskRunId) ? r.parentTaskRunId : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: { run: T; depth: number }[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({ run: r, depth });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}


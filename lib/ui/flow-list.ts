import { z } from "zod";
import { readableQuery } from "./query";

/** The flows list's URL parameters, shared by the list and namespace pages (no database here). */

/** `env:prod, team` → `[{key: "env", value: "prod"}, {key: "team"}]`, as the API's `labels` filter. */
export function parseLabelFilter(raw: string | undefined): { key: string; value?: string }[] {
  if (!raw) return [];
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 10)
    .map((pair) => {
      const at = pair.indexOf(":");
      return at < 0 ? { key: pair } : { key: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
    })
    .filter((l) => l.key);
}

const FLOW_SORTS = ["id", "namespace", "revision", "updated"] as const;
export type FlowSort = `${(typeof FLOW_SORTS)[number]}:${"asc" | "desc"}`;

const text = (max: number) => z.string().trim().max(max).optional().catch(undefined).transform((v) => v || undefined);

/** The flows list's URL: `?q&namespace&labels&sort&page`, each dropped when invalid. */
export const flowListParams = z.object({
  q: text(200),
  namespace: text(150),
  labels: text(500),
  sort: z
    .string()
    .regex(new RegExp(`^(${FLOW_SORTS.join("|")}):(asc|desc)$`))
    .optional()
    .catch(undefined)
    .transform((v) => v as FlowSort | undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type FlowListParams = z.output<typeof flowListParams>;

/** The list URL with some parameters changed (undefined removes one); `page` resets unless given. */
export function flowListHref(base: string, current: FlowListParams, change: Partial<Record<keyof FlowListParams, string | number | undefined>>): string {
  const merged: Record<string, string | number | undefined> = { q: current.q, namespace: current.namespace, labels: current.labels, sort: current.sort, ...change };
  if (!("page" in change)) delete merged.page;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "" && !(k === "page" && Number(v) <= 1)) params.set(k, String(v));
  const query = readableQuery(params);
  return query ? `${base}?${query}` : base;
}

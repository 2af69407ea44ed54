/** The React Query key of a tenant resource: `tenantKey(t, "executions", filters)` (STYLE.md). */
export function tenantKey(tenantId: string, ...rest: unknown[]) {
  return ["tenant", tenantId, ...rest] as const;
}

/**
 * The URL of the same section in another tenant (DESIGN.md invariant 3).
 *
 * - `/ui/a/roles` → `/ui/b/roles`; list pages keep their query string (filters, sort),
 *   except `page`: page 3 of one tenant's list means nothing in another.
 * - A detail page (`/ui/a/roles/xyz`, `/ui/a/executions/ns/flow/id`,
 *   `/ui/a/flows/edit/ns/id/editor`) falls back to its section list, `/ui/b/roles`:
 *   the object it shows belongs to tenant a.
 * - Anything outside `/ui/{tenant}` (admin, account pages) goes to the tenant's dashboard.
 */
export function switchTenantUrl(input: { pathname: string; search?: string; tenantId: string }): string {
  const target = `/ui/${encodeURIComponent(input.tenantId)}`;
  const segments = input.pathname.split("/").filter(Boolean);
  if (segments[0] !== "ui" || segments.length < 2) return target;

  const [, , section, ...rest] = segments;
  if (!section) return target + listQuery(input.search);
  if (rest.length > 0) return `${target}/${section}`;
  return `${target}/${section}${listQuery(input.search)}`;
}

function listQuery(search: string | undefined): string {
  if (!search) return "";
  const params = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  params.delete("page");
  const query = params.toString();
  return query ? `?${query}` : "";
}

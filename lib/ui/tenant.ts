import { cache } from "react";
import { notFound } from "next/navigation";
import type { TenantContext } from "@/db/tenant";
import type { Tenant } from "@/db/queries/tenants";
import { resolveInTenant } from "@/lib/api/authenticate";
import { ApiError } from "@/lib/errors";
import type { Grant } from "@/lib/permissions";
import { actorOf, type Actor } from "@/lib/server/actor";
import { isTenantId } from "@/lib/tenancy";
import { requireUser, type SessionUser } from "./session";

/** The title of the page shown for an unknown or forbidden tenant. */
export const NOT_FOUND_TITLE = "Tenant not found";

export type TenantAccess = { tenant: Tenant; grants: Grant[] };

/**
 * Whether `user` may enter `tenantId`, and with which grants: superadmins everywhere with
 * every permission, others with a tenant_access row and their role bindings. Unknown
 * and not granted both give null, so the caller answers both with the same 404.
 * The API's resolver (resolveInTenant), for pages and server actions.
 */
export async function resolveTenantAccess(user: Pick<SessionUser, "id">, tenantId: string): Promise<TenantAccess | null> {
  if (!isTenantId(tenantId)) return null;
  try {
    const resolved = await resolveInTenant({ via: "session", userId: user.id }, tenantId);
    return resolved && { tenant: resolved.tenant, grants: resolved.grants };
  } catch (error) {
    // A user deleted since the session began: no tenant to show.
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export type TenantPage = {
  user: SessionUser;
  tenant: Tenant;
  tenantId: string;
  grants: Grant[];
  /** The context for withTenant, carrying the user for audit entries. */
  ctx: TenantContext & { userId: string };
  /** Whether the user may do `action` on `resource` (in `namespace` when given, else anywhere). */
  can: Actor["can"];
};

/** The tenant page context, or null when the tenant is unknown or not granted. Deduplicated per request. */
export const findTenantPage = cache(async (tenantId: string): Promise<TenantPage | null> => {
  const user = await requireUser();
  const access = await resolveTenantAccess(user, tenantId);
  if (!access) return null;
  const { tenant, grants } = access;
  return {
    user,
    tenant,
    tenantId: tenant.id,
    grants,
    ctx: { tenantId: tenant.id, userId: user.id },
    can: actorOf({ tenantId: tenant.id, userId: user.id, grants }).can,
  };
});

/**
 * The one entry of every `/ui/{tenant}` layout and page: the signed-in user, the tenant
 * and the user's grants in it, or the 404 page (unknown tenant or no access look the
 * same). Deduplicated per request, so layout, page and metadata share one lookup.
 */
export async function getTenantPage(tenantId: string): Promise<TenantPage> {
  const page = await findTenantPage(tenantId);
  if (!page) notFound();
  return page;
}

/** `generateMetadata` of a tenant page: `Roles · Production · Switchyard`. */
export function tenantMetadata(section?: string) {
  return async ({ params }: { params: Promise<{ tenantId: string }> }) => {
    const { tenantId } = await params;
    const page = await findTenantPage(tenantId);
    if (!page) return { title: NOT_FOUND_TITLE };
    return { title: section ? `${section} · ${page.tenant.name}` : page.tenant.name };
  };
}

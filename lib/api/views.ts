import type { Tenant } from "@/db/queries/tenants";

/** The Tenant JSON of the API. */
export function publicTenant(t: Tenant) {
  return { id: t.id, name: t.name, color: t.color, settings: { scriptNetwork: t.settings?.scriptNetwork !== false }, deleted: t.deletedAt !== null, createdAt: t.createdAt.toISOString() };
}

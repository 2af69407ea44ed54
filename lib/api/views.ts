import type { Tenant } from "@/db/queries/tenants";

/** The Tenant JSON of the API. */
export function publicTenant(t: Tenant) {
  return { id: t.id, name: t.name, color: t.color, settings: { scriptNetwork: t.settings?.scriptNetwork !== false }, deleted: t.deletedAt !== null, createdAt: t.createdAt.toISOString() };
}

/** A tenant as superadmins see it: with its settings (network reach, ...), which its own users do not see. */
export function adminTenant(t: Tenant) {
  return { ...publicTenant(t), settings: t.settings ?? {} };
}

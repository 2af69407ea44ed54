import { and, asc, count, eq, ilike, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { roles, tenantAccess, tenants, type TenantSettings } from "../schema";
import { MANAGED_ROLES } from "@/lib/permissions";

export type Tenant = typeof tenants.$inferSelect;

export async function getTenant(tx: Tx, { id, includeDeleted = false }: { id: string; includeDeleted?: boolean }) {
  const [row] = await tx
    .select()
    .from(tenants)
    .where(includeDeleted ? eq(tenants.id, id) : and(eq(tenants.id, id), isNull(tenants.deletedAt)));
  return row ?? null;
}

export async function findTenants(tx: Tx, { q, page, size }: { q?: string; page: number; size: number }) {
  const where = and(
    isNull(tenants.deletedAt),
    q ? or(ilike(tenants.id, `%${escapeLike(q)}%`), ilike(tenants.name, `%${escapeLike(q)}%`)) : undefined,
  );
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(tenants).where(where).orderBy(asc(tenants.id)).limit(size).offset((page - 1) * size),
    tx.select({ total: count() }).from(tenants).where(where),
  ]);
  return { results, total };
}

/** Inserts the tenant and its managed roles. Runs in a transaction scoped to the new tenant. */
export async function createTenant(tx: Tx, input: { id: string; name: string; color?: string }) {
  const [row] = await tx
    .insert(tenants)
    .values({ id: input.id, name: input.name, color: input.color ?? "#6366f1" })
    .onConflictDoNothing()
    .returning();
  if (!row) return null;
  await tx.insert(roles).values(MANAGED_ROLES.map((r) => ({ ...r, tenantId: input.id, managed: true })));
  return row;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Renames, recolours, or replaces the given settings keys (the others stay). */
export async function updateTenant(tx: Tx, id: string, patch: { name?: string; color?: string; settings?: Partial<TenantSettings> }) {
  const { settings, ...rest } = patch;
  const defined = settings ? Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) : {};
  const changes = { ...definedOnly(rest), ...(Object.keys(defined).length ? { settings: sql`${tenants.settings} || ${JSON.stringify(defined)}::jsonb` } : {}) };
  if (Object.keys(changes).length === 0) {
    // Nothing to change (a PUT with an empty body): the tenant as it is.
    const [row] = await tx.select().from(tenants).where(and(eq(tenants.id, id), isNull(tenants.deletedAt)));
    return row ?? null;
  }
  const [row] = await tx
    .update(tenants)
    .set(changes)
    .where(and(eq(tenants.id, id), isNull(tenants.deletedAt)))
    .returning();
  return row ?? null;
}

/** Soft delete: the id stays taken, so a new tenant can never inherit old rows. */
export async function deleteTenant(tx: Tx, id: string) {
  const [row] = await tx
    .update(tenants)
    .set({ deletedAt: sql`now()` })
    .where(and(eq(tenants.id, id), isNull(tenants.deletedAt)))
    .returning();
  return row ?? null;
}

/**
 * Tenants the user may enter: every live tenant for a superadmin, else those granted.
 * Must run in `withUser` so RLS shows the user's own memberships.
 */
export async function listAccessibleTenants(tx: Tx, { userId, superAdmin }: { userId: string; superAdmin: boolean }) {
  if (superAdmin) return tx.select().from(tenants).where(isNull(tenants.deletedAt)).orderBy(asc(tenants.id));
  return tx
    .select({ id: tenants.id, name: tenants.name, color: tenants.color, settings: tenants.settings, createdAt: tenants.createdAt, deletedAt: tenants.deletedAt })
    .from(tenantAccess)
    .innerJoin(tenants, eq(tenants.id, tenantAccess.tenantId))
    .where(and(eq(tenantAccess.userId, userId), isNull(tenants.deletedAt)))
    .orderBy(asc(tenants.id));
}

export function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Ids of every live tenant (inside withInstance). */
export async function listTenantIds(tx: Tx): Promise<string[]> {
  const rows = await tx.select({ id: tenants.id }).from(tenants).where(isNull(tenants.deletedAt)).orderBy(asc(tenants.id));
  return rows.map((r) => r.id);
}

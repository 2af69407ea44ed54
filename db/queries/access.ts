import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { auditLogs, bindings, groupMembers, roles, tenantAccess, tenants, users } from "../schema";
import type { TenantSettings } from "../schema/instance";
import { newId } from "@/lib/ids";
import type { Grant, PermissionMap } from "@/lib/permissions";
import { TOKEN_TOUCH_SECONDS } from "./tokens";

/** Tenant access, roles, bindings and the tenant audit log. Every function runs in withTenant. */

export async function hasTenantAccess(tx: Tx, { tenantId, userId }: { tenantId: string; userId: string }) {
  const [row] = await tx
    .select({ userId: tenantAccess.userId })
    .from(tenantAccess)
    .where(and(eq(tenantAccess.tenantId, tenantId), eq(tenantAccess.userId, userId)));
  return Boolean(row);
}

export function listTenantAccess(tx: Tx) {
  return tx
    .select({
      userId: users.id,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      createdAt: tenantAccess.createdAt,
    })
    .from(tenantAccess)
    .innerJoin(users, eq(users.id, tenantAccess.userId))
    .orderBy(asc(users.email))
    .$dynamic();
}

export async function getTenantAccess(tx: Tx, { userId }: { userId: string }) {
  const [row] = await listTenantAccess(tx).where(eq(tenantAccess.userId, userId));
  return row ?? null;
}

export async function grantTenantAccess(tx: Tx, { tenantId, userId }: { tenantId: string; userId: string }) {
  const [row] = await tx.insert(tenantAccess).values({ tenantId, userId }).onConflictDoNothing().returning();
  return { created: Boolean(row) };
}

/** Revokes access, the user's bindings and group memberships in this tenant, so a later re-grant starts clean. */
export async function revokeTenantAccess(tx: Tx, { userId }: { userId: string }) {
  await tx.delete(groupMembers).where(eq(groupMembers.userId, userId));
  await tx.delete(bindings).where(and(eq(bindings.type, "USER"), eq(bindings.externalId, userId)));
  const [row] = await tx.delete(tenantAccess).where(eq(tenantAccess.userId, userId)).returning();
  return row ?? null;
}

export type Role = typeof roles.$inferSelect;

export function publicRole(r: Role) {
  return { id: r.id, name: r.name, description: r.description, permissions: r.permissions, managed: r.managed };
}

export async function findRoles(tx: Tx, { page, size }: { page: number; size: number }) {
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(roles).orderBy(desc(roles.managed), asc(roles.name)).limit(size).offset((page - 1) * size),
    tx.select({ total: count() }).from(roles),
  ]);
  return { results, total };
}

export async function getRole(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.select().from(roles).where(eq(roles.id, id));
  return row ?? null;
}

export async function createRole(
  tx: Tx,
  input: { tenantId: string; name: string; description?: string | null; permissions: PermissionMap },
) {
  const [row] = await tx
    .insert(roles)
    .values({ tenantId: input.tenantId, id: newId(), name: input.name, description: input.description ?? null, permissions: input.permissions })
    .returning();
  return row;
}

export async function updateRole(
  tx: Tx,
  id: string,
  patch: { name?: string; description?: string | null; permissions?: PermissionMap },
) {
  const [row] = await tx.update(roles).set(patch).where(eq(roles.id, id)).returning();
  return row ?? null;
}

export async function deleteRole(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.delete(roles).where(and(eq(roles.id, id), eq(roles.managed, false))).returning();
  return row ?? null;
}

export type Binding = typeof bindings.$inferSelect;
export type BindingType = Binding["type"];

export function publicBinding(b: Binding) {
  return { id: b.id, type: b.type, externalId: b.externalId, roleId: b.roleId, namespaceId: b.namespaceId };
}

export async function findBindings(tx: Tx, { page, size, externalId }: { page: number; size: number; externalId?: string }) {
  const where = externalId ? eq(bindings.externalId, externalId) : undefined;
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(bindings).where(where).orderBy(asc(bindings.createdAt), asc(bindings.id)).limit(size).offset((page - 1) * size),
    tx.select({ total: count() }).from(bindings).where(where),
  ]);
  return { results, total };
}

export async function getBinding(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.select().from(bindings).where(eq(bindings.id, id));
  return row ?? null;
}

export async function createBinding(
  tx: Tx,
  input: { tenantId: string; type: BindingType; externalId: string; roleId: string; namespaceId?: string | null },
) {
  const [row] = await tx
    .insert(bindings)
    .values({ ...input, id: newId(), namespaceId: input.namespaceId ?? null })
    .returning();
  return row;
}

export async function deleteBinding(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.delete(bindings).where(eq(bindings.id, id)).returning();
  return row ?? null;
}

export async function recordAudit(
  tx: Tx,
  entry: { tenantId: string; actorId: string | null; action: string; resourceType: string; resourceId?: string | null; detail?: unknown },
) {
  await tx.insert(auditLogs).values({ ...entry, id: newId(), resourceId: entry.resourceId ?? null, detail: entry.detail ?? null });
}

export async function findAuditLogs(tx: Tx, { page, size }: { page: number; size: number }) {
  const [results, [{ total }]] = await Promise.all([
    tx
      .select({
        id: auditLogs.id,
        at: auditLogs.at,
        actorId: auditLogs.actorId,
        actorEmail: users.email,
        action: auditLogs.action,
        resourceType: auditLogs.resourceType,
        resourceId: auditLogs.resourceId,
        detail: auditLogs.detail,
      })
      .from(auditLogs)
      .leftJoin(users, eq(users.id, auditLogs.actorId))
      .orderBy(desc(auditLogs.at))
      .limit(size)
      .offset((page - 1) * size),
    tx.select({ total: count() }).from(auditLogs),
  ]);
  return { results, total };
}

export type TenantAccessResolution = {
  user: typeof users.$inferSelect;
  /** Set when the caller came with an API token. */
  token: { id: string; expiresAt: Date | null } | null;
  /** Null when the tenant does not exist (or is deleted). */
  tenant: typeof tenants.$inferSelect | null;
  hasAccess: boolean;
  grants: Grant[];
  /** The caller is a service account of this tenant (by one of its tokens). */
  serviceAccount: boolean;
};

/**
 * Everything a tenant route needs to know about its caller, as one statement: the user
 * (by id, or behind an API token's hash, whose use it records at most once a minute), the
 * tenant, whether the user was given access to it, and the permissions of the roles bound
 * to the user there. Run in the tenant's scope (withTenantPipeline): access and bindings
 * are its rows. Read the answer with tenantAccessOf.
 */
export function tenantAccessStatement({ tenantId, caller }: { tenantId: string; caller: { userId: string } | { tokenHash: string } }): SQL {
  // A service account's token is a row of its tenant: found here only when the URL names
  // that tenant (row-level security and the tenant_id condition both say so).
  const who =
    "tokenHash" in caller
      ? sql`caller as (
          select u.id, u.email, u.first_name, u.last_name, u.super_admin, u.created_at, u.updated_at, t.id as token_id, t.expires_at as token_expires_at, false as is_sa
          from api_tokens t join users u on u.id = t.user_id where t.token_hash = ${caller.tokenHash}
          union all
          select s.id, s.name, null::text, null::text, false, s.created_at, s.created_at, k.id, k.expires_at, true
          from service_account_tokens k join service_accounts s on s.tenant_id = k.tenant_id and s.id = k.service_account_id
          where k.tenant_id = ${tenantId} and k.token_hash = ${caller.tokenHash}
        ), touched as (
          update api_tokens set last_used_at = now()
          where token_hash = ${caller.tokenHash} and (expires_at is null or expires_at > now())
            and (last_used_at is null or last_used_at < now() - ${TOKEN_TOUCH_SECONDS} * interval '1 second')
          returning 1
        ), touched_sa as (
          update service_account_tokens set last_used_at = now()
          where tenant_id = ${tenantId} and token_hash = ${caller.tokenHash} and (expires_at is null or expires_at > now())
            and (last_used_at is null or last_used_at < now() - ${TOKEN_TOUCH_SECONDS} * interval '1 second')
          returning 1
        )`
      : sql`caller as (select u.id, u.email, u.first_name, u.last_name, u.super_admin, u.created_at, u.updated_at, null::text as token_id, null::timestamptz as token_expires_at, false as is_sa from users u where u.id = ${caller.userId})`;
  // Grants: the user's own bindings and those of the groups they belong to (membership read
  // on every request, so leaving a group takes its rights at once); a service account's own.
  return sql`with ${who}
    select c.id, c.email, c.first_name, c.last_name, null::text as password_hash, c.super_admin, c.created_at, c.updated_at,
      c.token_id, c.token_expires_at, c.is_sa,
      tn.id as tenant_id, tn.name as tenant_name, tn.color as tenant_color, tn.settings as tenant_settings, tn.created_at as tenant_created_at,
      (c.is_sa or exists (select 1 from tenant_access a where a.tenant_id = ${tenantId} and a.user_id = c.id)) as has_access,
      coalesce((
        select jsonb_agg(jsonb_build_object('permissions', r.permissions, 'namespace', b.namespace_id))
        from bindings b join roles r on r.tenant_id = b.tenant_id and r.id = b.role_id
        where case when c.is_sa then b.type = 'SERVICE_ACCOUNT' and b.external_id = c.id
          else (b.type = 'USER' and b.external_id = c.id)
            or (b.type = 'GROUP' and b.external_id in (select m.group_id from group_members m where m.tenant_id = ${tenantId} and m.user_id = c.id)) end), '[]'::jsonb) as grants
    from caller c left join tenants tn on tn.id = ${tenantId} and tn.deleted_at is null`;
}

const dateOf = (value: unknown) => (value == null ? null : new Date(value as string));
const jsonOf = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/** tenantAccessStatement's answer; null when no such user (or token). */
export function tenantAccessOf(rows: Record<string, unknown>[]): TenantAccessResolution | null {
  const row = rows[0];
  if (!row) return null;
  return {
    user: {
      id: String(row.id),
      email: String(row.email),
      firstName: (row.first_name as string | null) ?? null,
      lastName: (row.last_name as string | null) ?? null,
      passwordHash: (row.password_hash as string | null) ?? null,
      superAdmin: row.super_admin === true || row.super_admin === "t",
      createdAt: dateOf(row.created_at)!,
      updatedAt: dateOf(row.updated_at)!,
    },
    token: row.token_id ? { id: String(row.token_id), expiresAt: dateOf(row.token_expires_at) } : null,
    tenant: row.tenant_id
      ? { id: String(row.tenant_id), name: String(row.tenant_name), color: String(row.tenant_color), settings: jsonOf<TenantSettings>(row.tenant_settings ?? {}), createdAt: dateOf(row.tenant_created_at)!, deletedAt: null }
      : null,
    hasAccess: row.has_access === true || row.has_access === "t",
    serviceAccount: row.is_sa === true || row.is_sa === "t",
    grants: jsonOf<{ permissions: PermissionMap; namespace: string | null }[]>(row.grants).map((g) => ({ permissions: g.permissions, namespace: g.namespace })),
  };
}

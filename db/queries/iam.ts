import { and, asc, count, desc, eq, ilike, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { bindings, groupMembers, groups, invitations, serviceAccounts, serviceAccountTokens, tenants, users } from "../schema";
import type { InvitationBinding } from "../schema/iam";
import { newId } from "@/lib/ids";
import { hashToken, newTokenValue, publicToken } from "./tokens";

/** Groups, service accounts and invitations of the current tenant. Every function runs in withTenant. */

const like = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// --- groups -------------------------------------------------------------------------

export type Group = typeof groups.$inferSelect;

export function publicGroup(g: Group, memberCount?: number) {
  return { id: g.id, name: g.name, description: g.description, createdAt: g.createdAt.toISOString(), ...(memberCount === undefined ? {} : { memberCount }) };
}

export async function findGroups(tx: Tx, { page, size, q }: { page: number; size: number; q?: string }) {
  const where = q ? ilike(groups.name, like(q)) : undefined;
  const members = tx.select({ groupId: groupMembers.groupId, n: count().as("n") }).from(groupMembers).groupBy(groupMembers.groupId).as("members");
  const [results, [{ total }]] = await Promise.all([
    tx
      .select({ group: groups, memberCount: sql<number>`coalesce(${members.n}, 0)::int` })
      .from(groups)
      .leftJoin(members, eq(members.groupId, groups.id))
      .where(where)
      .orderBy(asc(groups.name))
      .limit(size)
      .offset((page - 1) * size),
    tx.select({ total: count() }).from(groups).where(where),
  ]);
  return { results: results.map((r) => ({ ...r.group, memberCount: Number(r.memberCount) })), total };
}

export async function getGroup(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.select().from(groups).where(eq(groups.id, id));
  return row ?? null;
}

export async function getGroupByName(tx: Tx, { name }: { name: string }) {
  const [row] = await tx.select().from(groups).where(sql`lower(${groups.name}) = lower(${name})`);
  return row ?? null;
}

export async function insertGroup(tx: Tx, input: { tenantId: string; name: string; description?: string | null }) {
  const [row] = await tx.insert(groups).values({ ...input, id: newId(), description: input.description ?? null }).returning();
  return row;
}

/** The fields a patch sets (an UPDATE with nothing to set is an error in Drizzle). */
function definedFields<T extends Record<string, unknown>>(patch: T): Partial<T> | null {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
  return Object.keys(set).length ? set : null;
}

/** The group after the patch; an empty patch changes nothing and answers the group as it is. */
export async function updateGroup(tx: Tx, id: string, patch: { name?: string; description?: string | null }) {
  const set = definedFields(patch);
  const [row] = set ? await tx.update(groups).set(set).where(eq(groups.id, id)).returning() : await tx.select().from(groups).where(eq(groups.id, id));
  return row ?? null;
}

/** Deletes the group, its memberships (cascade) and the roles bound to it. */
export async function deleteGroup(tx: Tx, { id }: { id: string }) {
  await tx.delete(bindings).where(and(eq(bindings.type, "GROUP"), eq(bindings.externalId, id)));
  const [row] = await tx.delete(groups).where(eq(groups.id, id)).returning();
  return row ?? null;
}

export async function findGroupMembers(tx: Tx, { groupId, page, size }: { groupId: string; page: number; size: number }) {
  const where = eq(groupMembers.groupId, groupId);
  const [results, [{ total }]] = await Promise.all([
    tx
      .select({ userId: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName, createdAt: groupMembers.createdAt })
      .from(groupMembers)
      .innerJoin(users, eq(users.id, groupMembers.userId))
      .where(where)
      .orderBy(asc(users.email))
      .limit(size)
      .offset((page - 1) * size),
    tx.select({ total: count() }).from(groupMembers).where(where),
  ]);
  return { results, total };
}

/** The groups a user belongs to in this tenant. */
export function groupsOfUser(tx: Tx, { userId }: { userId: string }) {
  return tx
    .select({ id: groups.id, name: groups.name })
    .from(groupMembers)
    .innerJoin(groups, and(eq(groups.tenantId, groupMembers.tenantId), eq(groups.id, groupMembers.groupId)))
    .where(eq(groupMembers.userId, userId))
    .orderBy(asc(groups.name));
}

export async function insertGroupMember(tx: Tx, input: { tenantId: string; groupId: string; userId: string }) {
  const [row] = await tx.insert(groupMembers).values(input).onConflictDoNothing().returning();
  return { created: Boolean(row) };
}

export async function deleteGroupMember(tx: Tx, { groupId, userId }: { groupId: string; userId: string }) {
  const [row] = await tx
    .delete(groupMembers)
    .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.userId, userId)))
    .returning();
  return row ?? null;
}

// --- service accounts ---------------------------------------------------------------

export type ServiceAccount = typeof serviceAccounts.$inferSelect;

export function publicServiceAccount(s: ServiceAccount) {
  return { id: s.id, name: s.name, description: s.description, createdAt: s.createdAt.toISOString() };
}

export async function findServiceAccounts(tx: Tx, { page, size, q }: { page: number; size: number; q?: string }) {
  const where = q ? ilike(serviceAccounts.name, like(q)) : undefined;
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(serviceAccounts).where(where).orderBy(asc(serviceAccounts.name)).limit(size).offset((page - 1) * size),
    tx.select({ total: count() }).from(serviceAccounts).where(where),
  ]);
  return { results, total };
}

export async function getServiceAccount(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.select().from(serviceAccounts).where(eq(serviceAccounts.id, id));
  return row ?? null;
}

export async function getServiceAccountByName(tx: Tx, { name }: { name: string }) {
  const [row] = await tx.select().from(serviceAccounts).where(sql`lower(${serviceAccounts.name}) = lower(${name})`);
  return row ?? null;
}

export async function insertServiceAccount(tx: Tx, input: { tenantId: string; name: string; description?: string | null }) {
  const [row] = await tx.insert(serviceAccounts).values({ ...input, id: newId(), description: input.description ?? null }).returning();
  return row;
}

/** The service account after the patch; an empty patch changes nothing and answers it as it is. */
export async function updateServiceAccount(tx: Tx, id: string, patch: { name?: string; description?: string | null }) {
  const set = definedFields(patch);
  const [row] = set
    ? await tx.update(serviceAccounts).set(set).where(eq(serviceAccounts.id, id)).returning()
    : await tx.select().from(serviceAccounts).where(eq(serviceAccounts.id, id));
  return row ?? null;
}

/** Deletes the service account, its tokens (cascade) and its bindings. */
export async function deleteServiceAccount(tx: Tx, { id }: { id: string }) {
  await tx.delete(bindings).where(and(eq(bindings.type, "SERVICE_ACCOUNT"), eq(bindings.externalId, id)));
  const [row] = await tx.delete(serviceAccounts).where(eq(serviceAccounts.id, id)).returning();
  return row ?? null;
}

/** The columns tenant work may read (never the hash). */
const tokenColumns = {
  id: serviceAccountTokens.id,
  serviceAccountId: serviceAccountTokens.serviceAccountId,
  name: serviceAccountTokens.name,
  description: serviceAccountTokens.description,
  prefix: serviceAccountTokens.prefix,
  createdAt: serviceAccountTokens.createdAt,
  expiresAt: serviceAccountTokens.expiresAt,
  lastUsedAt: serviceAccountTokens.lastUsedAt,
};

export function listServiceAccountTokens(tx: Tx, { serviceAccountId }: { serviceAccountId: string }) {
  return tx.select(tokenColumns).from(serviceAccountTokens).where(eq(serviceAccountTokens.serviceAccountId, serviceAccountId)).orderBy(desc(serviceAccountTokens.createdAt));
}

/** Issues a token; the full value (naming the tenant) is returned once and only its hash is kept. */
export async function insertServiceAccountToken(
  tx: Tx,
  input: { tenantId: string; serviceAccountId: string; name: string; description?: string | null; maxAgeSeconds?: number | null },
) {
  const fullToken = newTokenValue(input.tenantId);
  const [row] = await tx
    .insert(serviceAccountTokens)
    .values({
      tenantId: input.tenantId,
      id: newId(),
      serviceAccountId: input.serviceAccountId,
      name: input.name,
      description: input.description ?? null,
      prefix: fullToken.slice(0, 10 + input.tenantId.length),
      tokenHash: hashToken(fullToken),
      expiresAt: input.maxAgeSeconds ? new Date(Date.now() + input.maxAgeSeconds * 1000) : null,
    })
    .returning(tokenColumns);
  return { ...publicToken(row), fullToken };
}

export async function deleteServiceAccountToken(tx: Tx, { serviceAccountId, tokenId }: { serviceAccountId: string; tokenId: string }) {
  const [row] = await tx
    .delete(serviceAccountTokens)
    .where(and(eq(serviceAccountTokens.serviceAccountId, serviceAccountId), eq(serviceAccountTokens.id, tokenId)))
    .returning({ id: serviceAccountTokens.id });
  return row ?? null;
}

// --- invitations --------------------------------------------------------------------

export type Invitation = typeof invitations.$inferSelect;

export function publicInvitation(i: Invitation) {
  const expired = i.status === "PENDING" && i.expiresAt.getTime() <= Date.now();
  return {
    id: i.id,
    email: i.email,
    bindings: i.bindings,
    status: expired ? "EXPIRED" : i.status,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    answeredAt: i.answeredAt?.toISOString() ?? null,
  };
}

export async function findInvitations(tx: Tx, { page, size, q, status }: { page: number; size: number; q?: string; status?: Invitation["status"] }) {
  const where = and(q ? ilike(invitations.email, like(q)) : undefined, status ? eq(invitations.status, status) : undefined);
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(invitations).where(where).orderBy(desc(invitations.createdAt)).limit(size).offset((page - 1) * size),
    tx.select({ total: count() }).from(invitations).where(where),
  ]);
  return { results, total };
}

export async function getInvitation(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.select().from(invitations).where(eq(invitations.id, id));
  return row ?? null;
}

/** The live pending invitation of this e-mail in the tenant, if any. */
export async function getPendingInvitation(tx: Tx, { email }: { email: string }) {
  const [row] = await tx
    .select()
    .from(invitations)
    .where(and(sql`lower(${invitations.email}) = lower(${email})`, eq(invitations.status, "PENDING"), sql`${invitations.expiresAt} > now()`));
  return row ?? null;
}

export async function insertInvitation(
  tx: Tx,
  input: { tenantId: string; email: string; bindings: InvitationBinding[]; invitedBy: string | null; expiresAt: Date },
) {
  const [row] = await tx.insert(invitations).values({ ...input, id: newId() }).returning();
  return row;
}

export async function deleteInvitation(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.delete(invitations).where(eq(invitations.id, id)).returning();
  return row ?? null;
}

export async function answerInvitation(tx: Tx, { id, status }: { id: string; status: "ACCEPTED" | "DECLINED" }) {
  const [row] = await tx
    .update(invitations)
    .set({ status, answeredAt: sql`now()` })
    .where(and(eq(invitations.id, id), eq(invitations.status, "PENDING")))
    .returning();
  return row ?? null;
}

/**
 * The caller's pending invitations in every tenant. Only through the door without a
 * tenant (withUser): the `own_invitations` policy shows the rows whose e-mail is the
 * user's own, and nothing else.
 */
export function myPendingInvitations(tx: Tx) {
  return tx
    .select({ id: invitations.id, tenantId: invitations.tenantId, tenantName: tenants.name, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, bindings: invitations.bindings })
    .from(invitations)
    .innerJoin(tenants, eq(tenants.id, invitations.tenantId))
    .where(and(eq(invitations.status, "PENDING"), sql`${invitations.expiresAt} > now()`, sql`${tenants.deletedAt} is null`))
    .orderBy(desc(invitations.createdAt));
}

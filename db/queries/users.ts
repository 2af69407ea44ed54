import { asc, count, eq, ilike, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { users } from "../schema";
import { escapeLike } from "./tenants";
import { newId } from "@/lib/ids";

export type UserRow = typeof users.$inferSelect;

/** The user as the API shows it: never the password hash. */
export function publicUser(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    superAdmin: u.superAdmin,
    createdAt: u.createdAt.toISOString(),
  };
}
export type PublicUser = ReturnType<typeof publicUser>;

/**
 * The columns every door may read. The password hash is readable only as switchyard_auth
 * (the auth path), so user reads leave it out and report it as null.
 */
const userColumns = {
  id: users.id,
  email: users.email,
  firstName: users.firstName,
  lastName: users.lastName,
  passwordHash: sql<string | null>`null::text`.as("password_hash"),
  superAdmin: users.superAdmin,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

export async function getUser(tx: Tx, { id }: { id: string }): Promise<UserRow | null> {
  const [row] = await tx.select(userColumns).from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function getUserByEmail(tx: Tx, { email }: { email: string }): Promise<UserRow | null> {
  const [row] = await tx.select(userColumns).from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

/** The user with the password hash, for sign-in only: needs the auth path's role (withInstance). */
export async function getUserCredentials(tx: Tx, { email }: { email: string }): Promise<UserRow | null> {
  const [row] = await tx.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

export async function findUsers(tx: Tx, { q, page, size }: { q?: string; page: number; size: number }) {
  const like = q ? `%${escapeLike(q)}%` : undefined;
  const where = like
    ? or(ilike(users.email, like), ilike(users.firstName, like), ilike(users.lastName, like))
    : undefined;
  const [results, [{ total }]] = await Promise.all([
    tx.select(userColumns).from(users).where(where).orderBy(asc(users.email)).limit(size).offset((page - 1) * size),
    tx.select({ total: count() }).from(users).where(where),
  ]);
  return { results, total };
}

export async function countUsers(tx: Tx) {
  const [{ total }] = await tx.select({ total: count() }).from(users);
  return total;
}

export async function createUser(
  tx: Tx,
  input: { email: string; passwordHash: string | null; firstName?: string | null; lastName?: string | null; superAdmin?: boolean },
) {
  const [row] = await tx
    .insert(users)
    .values({ id: newId(), ...input, superAdmin: input.superAdmin ?? false })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

export async function updateUser(
  tx: Tx,
  id: string,
  patch: Partial<{ email: string; passwordHash: string; firstName: string | null; lastName: string | null; superAdmin: boolean }>,
) {
  const [row] = await tx
    .update(users)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

export async function deleteUser(tx: Tx, id: string) {
  const [row] = await tx.delete(users).where(eq(users.id, id)).returning();
  return row ?? null;
}

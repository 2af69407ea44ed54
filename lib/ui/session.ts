import { cache } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/auth";
import { withInstance, withUser } from "@/db/tenant";
import { getUser } from "@/db/queries/users";
import { listAccessibleTenants } from "@/db/queries/tenants";
import { displayName } from "./format";

export type SessionUser = { id: string; email: string; name: string; superAdmin: boolean };
export type TenantSummary = { id: string; name: string; color: string };

/**
 * The signed-in user as the database has them now (the session cookie may predate a
 * demotion or a deletion), or null. Deduplicated per request.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await withInstance((tx) => getUser(tx, { id }));
  if (!user) return null;
  return { id: user.id, email: user.email, name: displayName(user), superAdmin: user.superAdmin };
});

/** The signed-in user; anyone else is sent to the login page, back to this URL afterwards. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (user) return user;
  const path = (await headers()).get("x-switchyard-path") ?? "/ui";
  redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
}

/** A superadmin; anyone else gets the 404 page, so instance pages cannot be probed. */
export async function requireSuperadmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (!user.superAdmin) notFound();
  return user;
}

/** The tenants the user may enter, for the switcher. Deduplicated per request. */
export const accessibleTenants = cache(async (user: SessionUser): Promise<TenantSummary[]> => {
  const rows = await withUser(user.id, (tx) => listAccessibleTenants(tx, { userId: user.id, superAdmin: user.superAdmin }));
  return rows.map((t) => ({ id: t.id, name: t.name, color: t.color }));
});

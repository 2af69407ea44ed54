import { asSuperadmin, withInstance } from "@/db/tenant";
import { countUsers, createUser, getUserByEmail } from "@/db/queries/users";
import { env } from "@/lib/env";
import { hashPassword } from "./password";

/**
 * Creates the first superadmin from SUPERADMIN_EMAIL/SUPERADMIN_PASSWORD when that account
 * does not exist yet. Without them, /setup offers the same while no user exists.
 */
export async function ensureSuperadminFromEnv(): Promise<{ created: boolean; email?: string }> {
  const { SUPERADMIN_EMAIL: email, SUPERADMIN_PASSWORD: password } = env();
  if (!email || !password) return { created: false };
  const existing = await withInstance((tx) => getUserByEmail(tx, { email }));
  if (existing) return { created: false, email };
  const passwordHash = await hashPassword(password);
  // Several processes may start together: the one whose insert lands creates the account
  // (and its audit entry); the others roll back and say so.
  const lost = new Error("created by another process");
  try {
    await asSuperadmin({ actorId: null, action: "CREATE", targetType: "USER", targetId: email, detail: "from SUPERADMIN_EMAIL" }, async (tx) => {
      if (!(await createUser(tx, { email, passwordHash, superAdmin: true, firstName: "Admin" }))) throw lost;
    });
  } catch (error) {
    if (error === lost) return { created: false, email };
    throw error;
  }
  return { created: true, email };
}

export async function needsSetup(): Promise<boolean> {
  return (await withInstance((tx) => countUsers(tx))) === 0;
}

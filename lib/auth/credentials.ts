import { createHash } from "node:crypto";
import { withInstance } from "@/db/tenant";
import { getUserByEmail, getUserCredentials, type UserRow } from "@/db/queries/users";
import { clearLoginFailures, countLoginFailures, recordLoginFailure } from "@/db/queries/login";
import { verifyPassword } from "./password";

/** Failed tries of one account from one address before that address must wait. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
/** Failed tries from one address, all accounts together, before it must wait. */
export const MAX_FAILURES_PER_ADDRESS = 50;

export type CredentialsResult = { ok: true; user: UserRow } | { ok: false; reason: "invalid" | "rate_limited" };

// HTTP Basic clients send the password with every request; re-running scrypt each time
// would cost ~50 ms a call. A verified pair is remembered briefly, by hash only.
const verified = new Map<string, { userId: string; until: number }>();
const CACHE_MS = 60_000;

function cacheKey(email: string, password: string) {
  return createHash("sha256").update(`${email.toLowerCase()}\0${password}`).digest("hex");
}

/**
 * Checks an email and password, counting failures per address and per address and
 * account together (15-minute window). An address over either limit is refused before
 * the password is read. Failures never lock the account itself: a stranger's wrong
 * passwords slow down only the stranger's address, never the owner signing in elsewhere.
 */
export async function verifyCredentials(input: { email: string; password: string; address: string }): Promise<CredentialsResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `pair:${input.address}|${email}`;
  const addressKey = `ip:${input.address}`;

  const key = cacheKey(email, input.password);
  const hit = verified.get(key);
  if (hit && hit.until > Date.now()) {
    const user = await withInstance((tx) => getUserByEmail(tx, { email }));
    if (user && user.id === hit.userId) return { ok: true, user };
    verified.delete(key);
  }

  const [accountFailures, addressFailures, user] = await withInstance((tx) =>
    Promise.all([countLoginFailures(tx, accountKey), countLoginFailures(tx, addressKey), getUserCredentials(tx, { email })]),
  );
  if (accountFailures >= MAX_FAILURES_PER_ACCOUNT || addressFailures >= MAX_FAILURES_PER_ADDRESS) {
    return { ok: false, reason: "rate_limited" };
  }
  const good = await verifyPassword(input.password, user?.passwordHash);
  if (!good || !user) {
    await withInstance((tx) => recordLoginFailure(tx, [accountKey, addressKey]));
    return { ok: false, reason: "invalid" };
  }
  if (accountFailures > 0) await withInstance((tx) => clearLoginFailures(tx, accountKey));
  verified.set(key, { userId: user.id, until: Date.now() + CACHE_MS });
  return { ok: true, user };
}

/** Forget cached verifications (password change, user deletion). */
export function forgetVerifiedCredentials() {
  verified.clear();
}

import { createHash } from "node:crypto";
import { withInstance } from "@/db/tenant";
import { getUserByEmail, type UserRow } from "@/db/queries/users";
import { clearLoginFailures, countLoginFailures, recordLoginFailure } from "@/db/queries/login";
import { verifyPassword } from "./password";

export const MAX_FAILURES_PER_ACCOUNT = 10;
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
 * Checks an email and password, counting failures per account and per address
 * (15-minute window). A locked account or address is refused before the password is read.
 */
export async function verifyCredentials(input: { email: string; password: string; address: string }): Promise<CredentialsResult> {
  const email = input.email.trim().toLowerCase();
  const accountKey = `account:${email}`;
  const addressKey = `ip:${input.address}`;

  const key = cacheKey(email, input.password);
  const hit = verified.get(key);
  if (hit && hit.until > Date.now()) {
    const user = await withInstance((tx) => getUserByEmail(tx, { email }));
    if (user && user.id === hit.userId) return { ok: true, user };
    verified.delete(key);
  }

  const [accountFailures, addressFailures, user] = await withInstance((tx) =>
    Promise.all([countLoginFailures(tx, accountKey), countLoginFailures(tx, addressKey), getUserByEmail(tx, { email })]),
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

/** The caller's address as the proxy in front reports it, else a constant. */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "local";
}

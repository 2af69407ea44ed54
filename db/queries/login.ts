import { and, count, gt, lt, sql, eq } from "drizzle-orm";
import type { Tx } from "../client";
import { loginFailures } from "../schema";

const LOGIN_WINDOW_MS = 15 * 60_000;

/** Failures recorded for a key (`account:<email>` or `ip:<address>`) in the window. */
export async function countLoginFailures(tx: Tx, key: string) {
  const [{ n }] = await tx
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, new Date(Date.now() - LOGIN_WINDOW_MS))));
  return n;
}

export async function recordLoginFailure(tx: Tx, keys: string[]) {
  await tx.insert(loginFailures).values(keys.map((key) => ({ key })));
  // Old rows are useless; trimming here keeps the table small without a scheduler.
  await tx.delete(loginFailures).where(lt(loginFailures.at, new Date(Date.now() - LOGIN_WINDOW_MS)));
}

export async function clearLoginFailures(tx: Tx, key: string) {
  await tx.delete(loginFailures).where(sql`${loginFailures.key} = ${key}`);
}

import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { EnvError, env, parseEnv } from "../lib/env";
import { getDb } from "../db/client";
import { masterKey, masterKeyFile, masterKeyFrom } from "../lib/secrets/crypto";
import { rotateMasterKey } from "../lib/secrets/crypto-store";

/**
 * `npm run secrets:rotate [-- NEW_KEY]`: re-wraps every tenant's data key with a new master
 * key (a random one when none is given); secret values are not touched. With the generated
 * key file, the file is replaced; with SECRETS_KEY, set it to the new key before the next
 * start. On the embedded database, stop the server first (one process per data directory).
 */
async function main() {
  try {
    parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[secrets] ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const next = process.argv[2] ?? randomBytes(32).toString("base64url");
  if (next.length < 32) {
    console.error("[secrets] the new master key must be at least 32 characters");
    process.exit(2);
  }
  await getDb();
  const from = masterKey();
  const to = masterKeyFrom(next);
  const result = await rotateMasterKey(from, to);
  console.log(`[secrets] ${result.rewrapped} tenant data key(s) re-wrapped, ${result.skipped} skipped (none or already on the new key)`);
  if (env().SECRETS_KEY) {
    console.log(`[secrets] now set SECRETS_KEY to the new key (id ${to.id}) and restart:\n${next}`);
  } else {
    fs.writeFileSync(masterKeyFile(), next, { mode: 0o600 });
    console.log(`[secrets] ${masterKeyFile()} holds the new key (id ${to.id})`);
  }
  process.exit(0);
}

void main();

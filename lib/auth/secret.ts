import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * AUTH_SECRET, or one generated on first start and kept in DATA_DIR so sessions survive
 * restarts and `npm start` needs no configuration.
 */
export function resolveAuthSecret(): string {
  const settings = env();
  if (settings.AUTH_SECRET) return settings.AUTH_SECRET;
  const dir = path.resolve(settings.DATA_DIR);
  const file = path.join(dir, "auth-secret");
  let secret: string;
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    } catch {
      // Another bundle of this process wrote it first: use theirs.
      secret = fs.readFileSync(file, "utf8").trim();
    }
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}

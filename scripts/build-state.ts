import fs from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";

const SOURCES = ["app", "components", "lib", "db", "engine", "auth.ts", "auth.config.ts", "proxy.ts", "instrumentation.ts", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const STAMP = path.join(".next", "switchyard-build-stamp");

function walk(entry: string, out: string[]) {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(entry)) walk(path.join(entry, name), out);
  } else {
    out.push(`${entry}:${stat.size}:${stat.mtimeMs}`);
  }
}

/** A fingerprint of everything the build reads (paths, sizes, mtimes). */
function sourceFingerprint(root = process.cwd()): string {
  const entries: string[] = [];
  for (const s of SOURCES) walk(path.join(root, s), entries);
  return createHash("sha256").update(entries.sort().join("\n")).digest("hex");
}

/** Whether .next holds a production build of the current sources. */
export function buildIsCurrent(root = process.cwd()): boolean {
  try {
    if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return false;
    return fs.readFileSync(path.join(root, STAMP), "utf8") === sourceFingerprint(root);
  } catch {
    return false;
  }
}

export function markBuilt(root = process.cwd()) {
  fs.writeFileSync(path.join(root, STAMP), sourceFingerprint(root));
}

#!/usr/bin/env node
// `npm run bundle-size`: first-load JS of each route of the production build, raw and
// gzipped, from Next's `.next/diagnostics/route-bundle-stats.json` (written by `next build`).
// Prints a table, flags routes over the gzip budget, and writes test-results/bundle-size.json.
//
//   node scripts/bundle-size.mjs [--dir <project>] [--budget-kb 200] [--strict]
//
// --dir     the built project (default: the current directory)
// --strict  exit 1 when a route is over budget (a report by default, not a gate)
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const dir = path.resolve(opt("--dir", process.cwd()));
const budgetKb = Number(opt("--budget-kb", "200"));
const strict = args.includes("--strict");

const statsFile = path.join(dir, ".next", "diagnostics", "route-bundle-stats.json");
if (!fs.existsSync(statsFile)) {
  console.error(`No ${path.relative(process.cwd(), statsFile) || statsFile}: run \`npm run build\` first.`);
  process.exit(1);
}
/** @type {{ route: string; firstLoadUncompressedJsBytes: number; firstLoadChunkPaths: string[] }[]} */
const stats = JSON.parse(fs.readFileSync(statsFile, "utf8"));

const sizes = new Map();
/** Raw and gzipped (level 9, as a CDN would) bytes of one chunk, read once. */
function chunkSize(rel) {
  let s = sizes.get(rel);
  if (!s) {
    const file = path.join(dir, rel);
    if (!fs.existsSync(file)) throw new Error(`${rel} is listed in route-bundle-stats.json but missing: a stale or partial build?`);
    const buf = fs.readFileSync(file);
    s = { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length };
    sizes.set(rel, s);
  }
  return s;
}

const rows = stats
  .map(({ route, firstLoadChunkPaths }) => {
    const chunks = [...new Set(firstLoadChunkPaths.filter((p) => p.endsWith(".js")))];
    let raw = 0;
    let gzip = 0;
    for (const c of chunks) {
      const s = chunkSize(c);
      raw += s.raw;
      gzip += s.gzip;
    }
    return { route, chunks: chunks.length, raw, gzip, overBudget: gzip > budgetKb * 1024 };
  })
  .sort((a, b) => a.route.localeCompare(b.route));

// Chunks every route loads: the floor any page pays.
const shared = stats.length ? stats.map((s) => new Set(s.firstLoadChunkPaths)).reduce((a, b) => new Set([...a].filter((c) => b.has(c)))) : new Set();
const sharedSize = [...shared].filter((c) => c.endsWith(".js")).reduce((t, c) => ({ raw: t.raw + chunkSize(c).raw, gzip: t.gzip + chunkSize(c).gzip }), { raw: 0, gzip: 0 });

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const width = Math.max(5, ...rows.map((r) => r.route.length));
console.log(`First-load JS per route (${path.relative(process.cwd(), statsFile) || statsFile}), budget ${budgetKb} KB gzipped\n`);
console.log(`${"Route".padEnd(width)}  ${"chunks".padStart(6)}  ${"raw".padStart(10)}  ${"gzip".padStart(10)}`);
console.log("-".repeat(width + 34));
for (const r of rows) {
  console.log(`${r.route.padEnd(width)}  ${String(r.chunks).padStart(6)}  ${kb(r.raw).padStart(10)}  ${kb(r.gzip).padStart(10)}${r.overBudget ? "  ⚠ over budget" : ""}`);
}
console.log("-".repeat(width + 34));
console.log(`${"shared by all routes".padEnd(width)}  ${String(shared.size).padStart(6)}  ${kb(sharedSize.raw).padStart(10)}  ${kb(sharedSize.gzip).padStart(10)}`);

const over = rows.filter((r) => r.overBudget);
console.log(over.length ? `\n${over.length} route(s) over ${budgetKb} KB gzipped.` : `\nAll ${rows.length} routes within ${budgetKb} KB gzipped.`);

const out = path.join(process.cwd(), "test-results");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "bundle-size.json"), `${JSON.stringify({ budgetKb, shared: sharedSize, routes: rows }, null, 2)}\n`);
if (strict && over.length) process.exit(1);

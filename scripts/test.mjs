#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration tests (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set), a production build, then Playwright in real Chromium.
// Finds its browser itself and says so when it has to install one.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import net from "node:net";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
process.chdir(root);
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });

const only = process.argv.slice(2);
const want = (stage) => only.length === 0 || only.includes(stage);
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedStages = [];

function run(label, cmd, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}: ${cmd} ${args.join(" ")}`);
  const res = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = res.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${label} (${seconds} s)`);
  if (!ok) failedStages.push(label);
  return ok;
}

function findChromium() {
  const candidates = [process.env.PLAYWRIGHT_CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  try {
    candidates.push(require("playwright-core").chromium.executablePath());
  } catch {
    // playwright-core not resolvable: rely on the system browser
  }
  return candidates.find((p) => p && fs.existsSync(p));
}

function ensureChromium() {
  let found = findChromium();
  if (found) {
    console.log(`Browser: ${found}`);
    return found;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && fs.existsSync("/usr/bin/apt-get")) {
    console.log("Browser: none found; installing Debian's chromium with apt-get (one time)...");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } else {
    console.log("Browser: none found; running `npx playwright install chromium`...");
    spawnSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
  }
  found = findChromium();
  if (!found) {
    console.error("No Chromium could be found or installed; install the `chromium` package and run npm test again.");
    process.exit(1);
  }
  console.log(`Browser: installed ${found}`);
  return found;
}

function countVitest(file) {
  try {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } catch {
    // the runner crashed before writing; its stage is already marked failed
  }
}

function countPlaywright(file) {
  try {
    const { stats } = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    totals.failed += stats.unexpected ?? 0;
    totals.skipped += stats.skipped ?? 0;
  } catch {
    // as above
  }
}

const bin = (name) => path.join(root, "node_modules", ".bin", name);

/**
 * Runs stages side by side (each is single-threaded: eslint, tsc), printing each one's
 * output whole when it ends so the logs do not interleave.
 */
async function runTogether(stages) {
  await Promise.all(
    stages.map(({ label, cmd, args }) => {
      const started = Date.now();
      return new Promise((resolve) => {
        const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
        const out = [];
        child.stdout.on("data", (d) => out.push(d));
        child.stderr.on("data", (d) => out.push(d));
        child.on("close", (code) => {
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          console.log(`\n▶ ${label}: ${cmd} ${args.join(" ")}`);
          process.stdout.write(Buffer.concat(out));
          console.log(`${code === 0 ? "✔" : "✘"} ${label} (${seconds} s)`);
          if (code !== 0) failedStages.push(label);
          resolve();
        });
      });
    }),
  );
}

await runTogether(
  [
    want("lint") && { label: "lint", cmd: bin("eslint"), args: [".", "--max-warnings=0"] },
    want("typecheck") && { label: "typecheck", cmd: bin("tsc"), args: ["--noEmit", "-p", "."] },
  ].filter(Boolean),
);
/**
 * Script tasks run in bubblewrap, with slirp4netns for their network: installed like
 * Chromium when missing (root with apt-get), else the script tests say what is missing.
 */
function ensureSandboxTools() {
  const missing = ["bwrap", "slirp4netns"].filter((tool) => spawnSync(tool, ["--version"], { stdio: "ignore" }).error);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && fs.existsSync("/usr/bin/apt-get")) {
    console.log(`Script sandbox: ${missing.join(", ")} missing; installing bubblewrap and slirp4netns with apt-get (one time)...`);
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "-qq", "bubblewrap", "slirp4netns"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  } else {
    console.log(`Script sandbox: ${missing.join(", ")} missing; install the bubblewrap and slirp4netns packages for the script task tests.`);
  }
}

if (want("unit")) {
  ensureSandboxTools();
  const out = path.join(resultsDir, "vitest.json");
  fs.rmSync(out, { force: true });
  if (!process.env.TEST_DATABASE_URL) console.log("TEST_DATABASE_URL is not set: integration tests run on PGlite only.");
  run("unit + integration (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
  countVitest(out);
}
const corpus = path.resolve(root, "..", "shared", "conformance");
if (want("conformance")) {
  // Both corpora: Kestra's shared one when ../shared is there, and the project's own (tests/conformance).
  const out = path.join(resultsDir, "conformance.log");
  const res = spawnSync(process.execPath, ["--import", "tsx", "engine/conformance/cli.ts"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
    maxBuffer: 64 * 1024 * 1024,
  });
  console.log(
    fs.existsSync(corpus)
      ? `\n▶ conformance (Kestra's shared corpus and the project's own, real engine on PGlite)`
      : `\n▶ conformance: ${corpus} not found, so the project's own corpus only (tests/conformance), real engine on PGlite`,
  );
  process.stdout.write(res.stdout ?? "");
  process.stderr.write(res.stderr ?? "");
  fs.writeFileSync(out, res.stdout ?? "");
  const counts = [...(res.stdout ?? "").matchAll(/(\d+) passed, (\d+) failed, (\d+) skipped/g)];
  for (const m of counts) {
    totals.passed += Number(m[1]);
    totals.failed += Number(m[2]);
    totals.skipped += Number(m[3]);
  }
  if (res.status !== 0 || counts.length === 0) failedStages.push("conformance");
  console.log(`${res.status === 0 ? "✔" : "✘"} conformance`);
}
/** Resolves to `port` if nothing listens on it, else to a port the system says is free. */
function freePort(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => {
      const any = net.createServer();
      any.listen(0, () => {
        const { port: free } = any.address();
        any.close(() => resolve(free));
      });
    });
    probe.listen(port, () => probe.close(() => resolve(port)));
  });
}

if (want("e2e")) {
  const chromium = ensureChromium();
  // The end-to-end server listens on 3100 (or E2E_PORT); when 3100 is taken, on a free port.
  const e2ePort = process.env.E2E_PORT ?? String(await freePort(3100));
  if (e2ePort !== "3100" && !process.env.E2E_PORT) console.log(`\nport 3100 is taken: the end-to-end server uses port ${e2ePort}`);
  const built = run("production build", process.execPath, ["node_modules/next/dist/bin/next", "build"], { NEXT_TELEMETRY_DISABLED: "1" });
  if (built) {
    const out = path.join(resultsDir, "playwright.json");
    fs.rmSync(out, { force: true });
    run("end-to-end (Playwright, Chromium)", bin("playwright"), ["test", "--reporter=list,json"], {
      PLAYWRIGHT_CHROMIUM_PATH: chromium,
      PLAYWRIGHT_JSON_OUTPUT_NAME: out,
      E2E_PORT: e2ePort,
    });
    countPlaywright(out);
  }
}

console.log("");
if (failedStages.length) console.log(`Failed stages: ${failedStages.join(", ")}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStages.length || totals.failed ? 1 : 0);

import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

/**
 * `npm run fuzz`: FUZZ_N (10,000) generated malformed requests, FUZZ_SEED deterministic,
 * across every route under app/api (listed from the route files, as the tests do): bad
 * bodies (wrong JSON types, huge strings, deep nesting, invalid YAML, binary), bad ids
 * (`..`, `%00`, `%ff`, 10 KB ids), odd headers (content-type lies, huge headers, bad
 * encodings, broken credentials) and bad queries. Localhost only: it starts the production
 * build on FUZZ_PORT (3231) with a fresh embedded database, or uses FUZZ_URL (a localhost
 * address). Prints the count by status; fails on any answer ≥ 500, on a request left
 * unanswered, or when /api/health stops answering. Each 5xx is written with its request to
 * FUZZ_OUT (fuzz-failures.json) so it can be replayed.
 */

const N = Number(process.env.FUZZ_N ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const PORT = Number(process.env.FUZZ_PORT ?? 3231);
const OUT = process.env.FUZZ_OUT ?? "fuzz-failures.json";
const ADMIN = { email: "fuzz@switchyard.local", password: "fuzz-password-1" };
const TENANT = "fuzz";
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** mulberry32: small, fast and the same sequence for the same seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Route = { pattern: string; methods: string[] };

/** Every app/api route file, as `/api/...` with `[param]` segments, and the methods it exports. */
function listRoutes(root = path.join(process.cwd(), "app", "api")): Route[] {
  const out: Route[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const text = fs.readFileSync(full, "utf8");
        const methods = new Set<string>();
        for (const m of text.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(m[1]);
        for (const m of text.matchAll(/export\s+const\s+\{([^}]*)\}/g)) for (const name of m[1].split(",")) if ((METHODS as readonly string[]).includes(name.trim())) methods.add(name.trim());
        const rel = path.relative(root, dir).split(path.sep).join("/");
        out.push({ pattern: `/api/${rel}`, methods: [...methods] });
      }
    }
  };
  walk(root);
  return out.sort((x, y) => x.pattern.localeCompare(y.pattern));
}

// Path segments, already encoded for the request line (raw `%ff`, `%00` on purpose).
const BAD_SEGMENTS = [
  "..", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%00", "a%00b", "%ff", "%fe%ff", "%c0%af", "%", "%zz", "%e2%82", "x".repeat(10_240),
  encodeURIComponent("ünïcödé"), encodeURIComponent("😀"), encodeURIComponent("<script>alert(1)</script>"), encodeURIComponent("' or 1=1--"),
  encodeURIComponent("{{ 7 * 7 }}"), "%20", "-1", "0", "1e999", "NaN", "null", "undefined", "__proto__", "constructor", "A", "UPPER", "a.b..c", ".hidden",
  "company.team", "hello", "fuzz", "main", encodeURIComponent("a/b"), "%2f", ";", "*", encodeURIComponent("\u202e"), "%ed%a0%80",
];
const GOOD = { tenant: TENANT, namespace: "company.team", id: "hello", flowId: "hello", key: "k1", taskId: "say", triggerId: "every", tokenId: "tok", userId: "u1", executionId: "x" };

const QUERIES = [
  "", "page=-1", "page=0&size=0", "size=100000000", "page=1e9", "page=abc", "sort=%ff", "sort=id:sideways", "sort=" + "a".repeat(5000), "q=" + "%".repeat(300),
  "q=%00", "q=%ff%fe", "namespace=..", "namespace=%00", "state=NOPE", "state=SUCCESS&state=FAILED&state=" + "x".repeat(3000), "labels=nocolon", "labels=:",
  "labels=%ff:%fe", "startDate=yesterday", "startDate=2026-13-45T99:99:99Z", "endDate=" + "9".repeat(40), "minLevel=LOUD", "wait=maybe", "revision=-3",
  "revision=99999999999999999999", "path=..%2f..%2fetc", "path=%00", "path=" + "a/".repeat(3000), "delete=yes", "a=1&a=2&a=3", "=", "&&&", "%", "%%%",
  "flowId[]=x", "__proto__[x]=1", "scope=" + "b".repeat(20_000), "filters[q][EQUALS]=x", "inputs=%7B%7D",
];

function deepJson(depth: number) {
  return "[".repeat(depth) + "]".repeat(depth);
}

function bodies(r: () => number): { body: Buffer | string; type?: string; note: string }[] {
  const big = "x".repeat(1 + Math.floor(r() * 1_500_000));
  return [
    { body: "", type: "application/json", note: "empty json" },
    { body: "{", type: "application/json", note: "truncated json" },
    { body: "null", type: "application/json", note: "null" },
    { body: "[]", type: "application/json", note: "array" },
    { body: "42", type: "application/json", note: "number" },
    { body: '"str"', type: "application/json", note: "string" },
    { body: '{"id": 5, "name": [], "namespace": {}, "tasks": "no", "value": {"a": [1, {"b": null}]}}', type: "application/json", note: "wrong types" },
    { body: JSON.stringify({ id: big, name: big, description: big }), type: "application/json", note: "huge strings" },
    { body: deepJson(20_000), type: "application/json", note: "deep nesting" },
    { body: `{"a":${deepJson(5000)}}`, type: "application/json", note: "deep nested field" },
    { body: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}', type: "application/json", note: "prototype keys" },
    { body: '{"id": "a\\u0000b", "name": "\\ud800"}', type: "application/json", note: "NUL and lone surrogate" },
    { body: "1e999999", type: "application/json", note: "huge number" },
    { body: '{"permissions": {"FLOW": ["READ", 7, null]}, "roleId": 1, "type": "WHAT", "externalId": []}', type: "application/json", note: "iam shapes" },
    { body: '[{"key": "a", "value": {}}, {"key": 1}]', type: "application/json", note: "labels shapes" },
    { body: "id: [unclosed\nnamespace: {", type: "application/x-yaml", note: "invalid yaml" },
    { body: "id: hello\n\tnamespace: tab", type: "application/x-yaml", note: "yaml tab" },
    { body: 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n', type: "application/x-yaml", note: "alias bomb" },
    { body: "id: hello\nnamespace: company.team\ntasks: 7\n", type: "application/x-yaml", note: "yaml wrong types" },
    { body: "id: hello\nnamespace: company.team\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: " + big + "\n", type: "application/x-yaml", note: "yaml huge" },
    { body: "- " + "[".repeat(3000), type: "application/x-yaml", note: "yaml deep" },
    { body: "!!js/function 'function(){}'\n", type: "application/x-yaml", note: "yaml tag" },
    { body: "--- a\n--- b\n", type: "application/x-yaml", note: "yaml documents" },
    { body: Buffer.from(Array.from({ length: 512 }, () => Math.floor(r() * 256))), type: "application/octet-stream", note: "binary" },
    { body: Buffer.from(Array.from({ length: 512 }, () => Math.floor(r() * 256))), type: "application/json", note: "binary as json" },
    { body: '{"id":"hello"}', type: "application/x-yaml", note: "json labelled yaml" },
    { body: "id: hello", type: "application/json", note: "yaml labelled json" },
    { body: "--x\r\nContent-Disposition: form-data; name=\"fileContent\"; filename=\"a\"\r\n\r\nabc\r\n--x--\r\n", type: "multipart/form-data", note: "multipart without boundary" },
    { body: "--x\r\nContent-Disposition: form-data; name=\"fileContent\"; filename=\"../../a\"\r\n\r\nabc\r\n--x--\r\n", type: "multipart/form-data; boundary=x", note: "multipart path" },
    { body: "--x\r\nbroken", type: "multipart/form-data; boundary=x", note: "multipart truncated" },
    { body: "a=1&b=%ff", type: "application/x-www-form-urlencoded", note: "form" },
    { body: "hello", type: "text/plain; charset=utf-16", note: "odd charset" },
    { body: "{}", type: "application/json; charset=ebcdic", note: "unknown charset" },
    { body: "{}", type: "", note: "empty content-type" },
    { body: "{}", type: "application/" + "x".repeat(4000), note: "huge content-type" },
  ];
}

type Req = { method: string; path: string; headers: Record<string, string>; body?: Buffer | string; note: string };

function generate(routes: Route[], r: () => number, auth: string): Req {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const route = pick(routes);
  const notes: string[] = [];
  const segments = route.pattern.split("/").map((seg) => {
    const m = /^\[(?:\.\.\.)?(\w+)\]$/.exec(seg) ?? /^\[\[\.\.\.(\w+)\]\]$/.exec(seg);
    if (!m) return seg;
    const name = m[1];
    // The tenant mostly valid, so the request reaches the route's own validation.
    if (name === "tenant" && r() < 0.8) return TENANT;
    if (r() < 0.35) return GOOD[name as keyof typeof GOOD] ?? "x";
    const bad = pick(BAD_SEGMENTS);
    notes.push(`${name}=${bad.slice(0, 40)}`);
    return seg.startsWith("[...") && r() < 0.5 ? `${bad}/${pick(BAD_SEGMENTS)}` : bad;
  });
  let p = segments.join("/");
  const query = r() < 0.6 ? pick(QUERIES) : "";
  if (query) p += "?" + query;
  const method = route.methods.length && r() < 0.9 ? pick(route.methods) : pick(METHODS);
  const headers: Record<string, string> = {};
  const a = r();
  if (a < 0.8) headers.authorization = auth;
  else if (a < 0.85) headers.authorization = "Bearer " + "A".repeat(Math.floor(r() * 8000));
  else if (a < 0.9) headers.authorization = "Basic " + pick(["!!!", "", Buffer.from("nocolon").toString("base64"), Buffer.from(":").toString("base64"), "%ff"]);
  else if (a < 0.93) headers.authorization = pick(["Bearer", "Digest x", "bearer sy_" + "z".repeat(60), "Bearer \u00ff"]);
  let body: Buffer | string | undefined;
  if (method !== "GET" && method !== "DELETE" ? r() < 0.9 : r() < 0.1) {
    const b = pick(bodies(r));
    body = b.body;
    if (b.type !== undefined) headers["content-type"] = b.type;
    notes.push(b.note);
  }
  const h = r();
  if (h < 0.05) {
    headers["x-filler"] = "h".repeat(Math.floor(4000 + r() * 12_000));
    notes.push("huge header");
  } else if (h < 0.1) {
    headers["content-encoding"] = pick(["gzip", "br", "deflate", "identity, gzip", "nope"]);
    notes.push("content-encoding lie");
  } else if (h < 0.13) {
    headers.accept = pick(["text/event-stream", "*/*;q=x", "application/x-yaml", ""]);
  } else if (h < 0.16) {
    headers.cookie = "authjs.session-token=" + "c".repeat(Math.floor(r() * 3000)) + "; x=%ff";
    notes.push("bad cookie");
  } else if (h < 0.18) {
    headers["x-forwarded-for"] = pick(["::1", "not-an-ip", "1.1.1.1, 2.2.2.2, " + "9.".repeat(500)]);
  } else if (h < 0.2) {
    headers.host = pick(["evil.example", "localhost:1", "[::1]:99999"]);
    notes.push("host");
  }
  return { method, path: p, headers, body, note: notes.join(", ") };
}

function send(base: URL, req: Req, timeoutMs = 60_000): Promise<number | "timeout" | "error"> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: number | "timeout" | "error") => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) headers["content-length"] = Buffer.byteLength(req.body);
    let r: http.ClientRequest;
    try {
      r = http.request({ host: base.hostname, port: base.port, method: req.method, path: req.path, headers, agent: false }, (res) => {
        res.resume();
        res.on("end", () => done(res.statusCode ?? 0));
        res.on("error", () => done(res.statusCode ?? 0));
        // A stream (follow, SSE) answers its status at once: that is all we need.
        if (res.headers["content-type"]?.includes("text/event-stream")) {
          res.destroy();
          done(res.statusCode ?? 0);
        }
      });
    } catch {
      // Node refused to send it (an invalid header or path): not the server's answer.
      return done("error");
    }
    r.setTimeout(timeoutMs, () => {
      r.destroy();
      done("timeout");
    });
    r.on("error", () => done("error"));
    r.end(req.body);
  });
}

async function json(base: URL, method: string, p: string, auth: string, body?: string, type = "application/json") {
  const res = await fetch(new URL(p, base), { method, headers: { authorization: auth, ...(body ? { "content-type": type } : {}) }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

async function healthy(base: URL) {
  try {
    return (await fetch(new URL("/api/health", base))).status === 200;
  } catch {
    return false;
  }
}

async function startServer(): Promise<{ base: URL; server?: ChildProcess; dataDir?: string }> {
  if (process.env.FUZZ_URL) {
    const base = new URL(process.env.FUZZ_URL);
    if (!["localhost", "127.0.0.1", "[::1]"].includes(base.hostname)) throw new Error("FUZZ_URL must be a localhost address");
    return { base };
  }
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("npm run fuzz needs a production build: run `npm run build` first (or set FUZZ_URL)");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-fuzz-"));
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", SUPERADMIN_EMAIL: ADMIN.email, SUPERADMIN_PASSWORD: ADMIN.password, AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", process.env.FUZZ_SERVER_LOG ? "inherit" : "ignore"],
  });
  const base = new URL(`http://localhost:${PORT}`);
  for (let i = 0; i < 240 && !(await healthy(base)); i++) {
    if (server.exitCode !== null) throw new Error("the server exited");
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!(await healthy(base))) throw new Error("the server did not start");
  return { base, server, dataDir };
}

async function main() {
  const routes = listRoutes();
  const { base, server, dataDir } = await startServer();
  try {
    const basic = `Basic ${Buffer.from(`${process.env.FUZZ_EMAIL ?? ADMIN.email}:${process.env.FUZZ_PASSWORD ?? ADMIN.password}`).toString("base64")}`;
    await json(base, "POST", "/api/v1/tenants", basic, JSON.stringify({ id: TENANT, name: "Fuzz" })).catch(() => undefined);
    const token = (await json(base, "POST", "/api/v1/me/api-tokens", basic, JSON.stringify({ name: `fuzz-${Date.now()}` }))) as { fullToken: string };
    const auth = `Bearer ${token.fullToken}`;
    const flow = "id: hello\nnamespace: company.team\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: every\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 0 1 1 *\"\n";
    await json(base, "POST", `/api/v1/${TENANT}/flows`, auth, flow, "application/x-yaml").catch(() => undefined);
    const execution = (await json(base, "POST", `/api/v1/${TENANT}/executions/company.team/hello?wait=true`, auth).catch(() => null)) as { id: string } | null;
    if (execution) GOOD.executionId = execution.id;

    const r = rng(SEED);
    const byStatus = new Map<string, number>();
    const failures: (Req & { status: number | string })[] = [];
    let next = 0;
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          // Generated when sent (in order, so the seed fixes the sequence): a huge body lives only while it travels.
          next++;
          const req = generate(routes, r, auth);
          const status = await send(base, req);
          byStatus.set(String(status), (byStatus.get(String(status)) ?? 0) + 1);
          if (status === "timeout" || (typeof status === "number" && status >= 500)) {
            failures.push({ ...req, status, body: typeof req.body === "string" ? req.body.slice(0, 2000) : req.body?.toString("base64").slice(0, 2000) });
          }
          if (next % 1000 === 0) console.log(`  ${next}/${N} sent (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        }
      }),
    );
    const alive = await healthy(base);
    const counts = [...byStatus.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}: ${n}`).join(", ");
    console.log(`fuzz (seed ${SEED}, ${N} requests over ${routes.length} route files, ${((Date.now() - t0) / 1000).toFixed(0)} s): ${counts}`);
    const fivexx = failures.filter((f) => typeof f.status === "number").length;
    const timeouts = failures.length - fivexx;
    console.log(`answers ≥ 500: ${fivexx}; unanswered (timeout): ${timeouts}; /api/health at the end: ${alive ? "200" : "DOWN"}`);
    if (failures.length) {
      fs.writeFileSync(OUT, JSON.stringify(failures, null, 2));
      const seen = new Set<string>();
      for (const f of failures) {
        const key = `${f.status} ${f.method} ${f.path.split("?")[0].replace(/[^/]{60,}/g, "<long>")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        console.log(`  ${key} (${f.note}) ${f.path.length > 200 ? f.path.slice(0, 200) + "…" : f.path}`);
      }
      console.log(`the failing requests are in ${OUT}`);
    }
    if (failures.length || !alive) process.exitCode = 1;
  } finally {
    if (server) {
      server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

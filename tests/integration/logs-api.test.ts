import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs, insertLogs } from "@/db/queries/logs";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { LOG_PAGE, publicLog } from "@/lib/api/logs";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

/**
 * The logs endpoints: Kestra's shapes unchanged (LogEntry[], SSE of LogEntry, text), the
 * compatible paging (`afterSeq`, `limit`, `format=compact`, `X-Log-Cursor`, `Last-Event-ID`)
 * and every line in the full answers, past one database page.
 */

let A: string;
let B: string;
let auth: string;
let routes: RouteFile[];
let executionId: string;
const route = (p: string) => routes.find((r) => r.pattern === `[tenant]/${p}`)!;
const EXTRA = LOG_PAGE + 5;

beforeAll(async () => {
  routes = await loadRoutes((p) => p.startsWith("[tenant]/logs"));
  A = (await seedTenant()).id;
  B = (await seedTenant()).id;
  auth = basicAuth((await seedUser({ access: [A, B], roles: { [A]: "admin", [B]: "admin" } })).email);
  const source = `id: chatty\nnamespace: company.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: "first line"\n`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId: A }, (tx) => saveFlow(tx, { tenantId: A, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  await startEngine({ leaseMs: 5000 });
  const e = await startExecution({ tenantId: A, namespace: "company.team", flowId: "chatty", inputs: {} });
  expect((await waitForEnd(A, e.id, 20_000))?.state.current).toBe("SUCCESS");
  executionId = e.id;
  // More lines than one page of the streamed answers, with the characters JSON and SSE must escape.
  const start = Date.parse("2026-01-02T03:04:05.006Z");
  const lines = Array.from({ length: EXTRA }, (_, i) => ({
    taskId: "bulk",
    taskRunId: "run-1",
    attemptNumber: 1,
    timestamp: new Date(start + i).toISOString(),
    level: i % 1000 === 0 ? "ERROR" : "DEBUG",
    message: i === 1 ? 'quote " backslash \\ tab \t newline\nsecond row ünïcødé' : `bulk ${i}`,
  }));
  await withTenant({ tenantId: A }, (tx) => insertLogs(tx, { tenantId: A, executionId, namespace: "company.team", flowId: "chatty", lines }));
}, 120_000);
afterAll(async () => {
  await stopEngine();
});

describe("logs API", () => {
  test("GET without paging: every line as LogEntry, exactly as the rows read back", async () => {
    const res = await call(route("logs/[executionId]"), "GET", { params: { tenant: A, executionId }, auth });
    expect(res.status).toBe(200);
    const rows = await withTenant({ tenantId: A }, (tx) => findExecutionLogs(tx, { executionId, limit: 1_000_000 }));
    expect(rows.length).toBe(EXTRA + 1);
    expect(res.json).toEqual(rows.map(publicLog));
    const entries = res.json as { message: string; timestamp: string }[];
    expect(entries[0]!.message).toBe("first line");
    expect(entries[2]!.message).toBe('quote " backslash \\ tab \t newline\nsecond row ünïcødé');
    expect(entries[1]!.timestamp).toBe("2026-01-02T03:04:05.006Z");
  });

  test("minLevel filters in every shape", async () => {
    const res = await call(route("logs/[executionId]"), "GET", { params: { tenant: A, executionId }, auth, query: "minLevel=ERROR" });
    expect((res.json as { level: string }[]).map((l) => l.level)).toEqual(Array.from({ length: Math.ceil(EXTRA / 1000) }, () => "ERROR"));
  });

  test("paging: afterSeq + limit, the cursor in X-Log-Cursor, compact tuples", async () => {
    const url = (q: string) => new Request(`http://localhost/api/v1/${A}/logs/${executionId}?${q}`, { headers: { authorization: auth } });
    const handler = route("logs/[executionId]").module.GET!;
    const params = { params: Promise.resolve({ tenant: A, executionId }) };
    const first = await handler(url("limit=2&format=compact"), params);
    const cursor = first.headers.get("x-log-cursor");
    const tuples = (await first.json()) as [number, number, string, string | null, string | null, string][];
    expect(tuples).toHaveLength(2);
    expect(tuples[0]![5]).toBe("first line");
    expect(tuples[1]).toEqual([tuples[1]![0], Date.parse("2026-01-02T03:04:05.006Z"), "ERROR", "bulk", "run-1", "bulk 0"]);
    expect(cursor).toBe(String(tuples[1]![0]));

    const next = await handler(url(`afterSeq=${cursor}&limit=3`), params);
    const entries = (await next.json()) as { message: string; taskRunId: string }[];
    expect(entries.map((e) => e.message)).toEqual(['quote " backslash \\ tab \t newline\nsecond row ünïcødé', "bulk 2", "bulk 3"]);
    expect(Number(next.headers.get("x-log-cursor"))).toBe(tuples[1]![0] + 3);

    const end = await handler(url(`afterSeq=${Number.MAX_SAFE_INTEGER}&limit=10`), params);
    expect(await end.json()).toEqual([]);
    expect(end.headers.get("x-log-cursor")).toBeNull();

    for (const bad of ["limit=0", "limit=50001", "afterSeq=-2", "format=xml"]) {
      expect((await handler(url(bad), params)).status, bad).toBe(422);
    }
  });

  test("download: every line as text, past one page", async () => {
    const res = await call(route("logs/[executionId]/download"), "GET", { params: { tenant: A, executionId }, auth });
    expect(res.status).toBe(200);
    const lines = res.text.split("\n");
    expect(lines.at(-1)).toBe("");
    expect(lines.at(-2)).toBe(`${new Date(Date.parse("2026-01-02T03:04:05.006Z") + EXTRA - 1).toISOString()} DEBUG bulk bulk ${EXTRA - 1}`);
    expect(lines[1]).toBe("2026-01-02T03:04:05.006Z ERROR bulk bulk 0");
    expect(res.text.match(/ bulk bulk \d+$/gm)).toHaveLength(EXTRA - 1);
  });

  test("follow: SSE of LogEntry with the seq as event id, resumable after a cursor", async () => {
    const all = await call(route("logs/[executionId]/follow"), "GET", { params: { tenant: A, executionId }, auth });
    expect(all.status).toBe(200);
    const events = all.text.split("\n\n").filter(Boolean);
    expect(events.at(-1)).toMatch(/^event: end\n/);
    const logs = events.filter((e) => e.includes("event: log"));
    expect(logs).toHaveLength(EXTRA + 1);
    const [idLine, eventLine, dataLine] = logs[0]!.split("\n");
    expect(idLine).toMatch(/^id: \d+$/);
    expect(eventLine).toBe("event: log");
    expect(JSON.parse(dataLine!.slice("data: ".length))).toMatchObject({ executionId, taskId: "hello", message: "first line", level: "INFO" });

    const third = Number(logs[2]!.split("\n")[0]!.slice(4));
    const after = await call(route("logs/[executionId]/follow"), "GET", { params: { tenant: A, executionId }, auth, query: `afterSeq=${third}` });
    const rest = after.text.split("\n\n").filter((e) => e.includes("event: log"));
    expect(rest).toHaveLength(EXTRA - 2);
    expect(rest[0]).toContain('"bulk 2"');

    const handler = route("logs/[executionId]/follow").module.GET!;
    const resumed = await handler(new Request(`http://localhost/api/v1/${A}/logs/${executionId}/follow`, { headers: { authorization: auth, "last-event-id": String(third) } }), {
      params: Promise.resolve({ tenant: A, executionId }),
    });
    expect((await resumed.text()).split("\n\n").filter((e) => e.includes("event: log"))).toHaveLength(EXTRA - 2);
  });

  test("another tenant's execution id is not found in every shape", async () => {
    for (const p of ["logs/[executionId]", "logs/[executionId]/download", "logs/[executionId]/follow"]) {
      const res = await call(route(p), "GET", { params: { tenant: B, executionId }, auth, query: "limit=5" });
      expect(res.status, p).toBe(404);
      expect(res.text).not.toContain("bulk");
    }
  });
});

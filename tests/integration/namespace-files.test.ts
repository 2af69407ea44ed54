import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { newId } from "@/lib/ids";
import { call, loadRoutes, type Method, type RouteFile } from "../helpers/routes";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";

/**
 * Issue 12 item 2: Kestra's namespace files API, confined paths, `read()` in flows, and
 * tenant isolation with identical namespaces and paths.
 */

let routes: Record<string, RouteFile>;
beforeAll(async () => {
  await startEngine({ leaseMs: 5000 });
  const all = await loadRoutes((p) => p.startsWith("[tenant]/namespaces/[namespace]/files"));
  routes = Object.fromEntries(all.map((r) => [r.pattern.replace("[tenant]/namespaces/[namespace]/", ""), r]));
});
afterAll(async () => {
  await stopEngine();
});

async function side() {
  const tenant = await seedTenant();
  const auth = basicAuth((await seedUser({ access: [tenant.id], roles: { [tenant.id]: "admin" } })).email);
  const api = (route: string, method: Method, namespace: string, query: string, rawBody?: string) =>
    call(routes[route], method, { params: { tenant: tenant.id, namespace }, auth, query, rawBody, contentType: rawBody === undefined ? undefined : "text/plain" });
  const upload = async (namespace: string, filePath: string, content: string) => {
    const form = new FormData();
    form.set("fileContent", new Blob([content]), path.basename(filePath));
    const req = new Request(`http://localhost/api/v1/${tenant.id}/namespaces/${namespace}/files?path=${encodeURIComponent(filePath)}`, { method: "POST", headers: { authorization: auth }, body: form });
    return routes.files.module.POST!(req, { params: Promise.resolve({ tenant: tenant.id, namespace }) });
  };
  return { id: tenant.id, auth, api, upload };
}

async function execute(tenantId: string, namespace: string, tasks: string) {
  const flowId = `f-${newId(6).toLowerCase()}`;
  const source = `id: ${flowId}\nnamespace: ${namespace}\ntasks:\n${tasks}`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const started = await startExecution({ tenantId, namespace, flowId, inputs: {} });
  const done = await waitForEnd(tenantId, started.id, 20_000);
  if (!done) throw new Error("execution did not end");
  return done;
}

describe("API", () => {
  test("upload, read, list, stats, search, move, export and delete", async () => {
    const a = await side();
    expect((await a.upload("data.team", "/queries/q.sql", "select 1")).status).toBe(200);
    expect((await a.api("files", "POST", "data.team", "path=notes.txt", "hello")).status).toBe(200);
    const content = await a.api("files", "GET", "data.team", "path=/queries/q.sql");
    expect(content).toMatchObject({ status: 200, text: "select 1" });
    // Same file without the leading slash (Kestra's paths start at the namespace root).
    expect((await a.api("files", "GET", "data.team", "path=queries/q.sql")).text).toBe("select 1");

    const root = await a.api("files/directory", "GET", "data.team", "");
    expect(root.json).toEqual([
      expect.objectContaining({ fileName: "notes.txt", type: "File", size: 5 }),
      expect.objectContaining({ fileName: "queries", type: "Directory" }),
    ]);
    const sub = await a.api("files/directory", "GET", "data.team", "path=/queries");
    expect(sub.json).toEqual([expect.objectContaining({ fileName: "q.sql", type: "File", size: 8 })]);
    expect((await a.api("files/stats", "GET", "data.team", "path=/queries/q.sql")).json).toMatchObject({ fileName: "q.sql", type: "File", size: 8 });
    expect((await a.api("files/search", "GET", "data.team", "q=Q.S")).json).toEqual(["/queries/q.sql"]);

    expect((await a.api("files/directory", "POST", "data.team", "path=/archive/2024")).status).toBe(200);
    expect((await a.api("files", "PUT", "data.team", "from=/queries&to=/archive/2024/queries")).status).toBe(204);
    expect((await a.api("files", "GET", "data.team", "path=/archive/2024/queries/q.sql")).text).toBe("select 1");
    expect((await a.api("files", "GET", "data.team", "path=/queries/q.sql")).status).toBe(404);
    expect((await a.api("files", "PUT", "data.team", "from=/notes.txt&to=/archive")).status).toBe(409);

    const exported = await call(routes["files/export"], "GET", { params: { tenant: a.id, namespace: "data.team" }, auth: a.auth });
    expect(exported.status).toBe(200);
    const req = new Request(`http://localhost/api/v1/${a.id}/namespaces/data.team/files/export`, { headers: { authorization: a.auth } });
    const zip = Buffer.from(await (await routes["files/export"].module.GET!(req, { params: Promise.resolve({ tenant: a.id, namespace: "data.team" }) })).arrayBuffer());
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nsfiles-")), "export.zip");
    fs.writeFileSync(file, zip);
    execFileSync("unzip", ["-tq", file]);
    expect(execFileSync("unzip", ["-p", file, "archive/2024/queries/q.sql"]).toString()).toBe("select 1");
    expect(execFileSync("unzip", ["-Z1", file]).toString().trim().split("\n").sort()).toEqual(["archive/2024/queries/q.sql", "notes.txt"]);

    expect((await a.api("files", "DELETE", "data.team", "path=/archive")).status).toBe(204);
    expect((await a.api("files", "DELETE", "data.team", "path=/archive")).status).toBe(404);
    expect((await a.api("files/directory", "GET", "data.team", "")).json).toEqual([expect.objectContaining({ fileName: "notes.txt" })]);
  });

  test.each([
    ["../etc/passwd"],
    ["/a/../../b"],
    ["//etc/passwd"],
    ["a\\b.txt"],
    ["a/\u0001b"],
    ["a/\u0000b"],
    ["a//b"],
    ["C:/x"],
    [""],
  ])("path %j is a 422 naming path, and nothing is written", async (bad) => {
    const a = await side();
    const res = await a.api("files", "POST", "ns.one", `path=${encodeURIComponent(bad)}`, "x");
    expect(res.status, res.text).toBe(422);
    expect((res.json as { details: { path: string }[] }).details.map((d) => d.path)).toContain("path");
    expect((await a.api("files/directory", "GET", "ns.one", "")).json).toEqual([]);
  });

  test("tenant B's files are invisible and untouchable from A, with the same namespace and path", async () => {
    const a = await side();
    const b = await side();
    await b.upload("same.ns", "/q.sql", "B's query");
    expect((await a.api("files", "GET", "same.ns", "path=/q.sql")).status).toBe(404);
    expect((await a.api("files/directory", "GET", "same.ns", "")).json).toEqual([]);
    expect((await a.api("files/search", "GET", "same.ns", "q=q")).json).toEqual([]);
    expect((await a.api("files", "DELETE", "same.ns", "path=/q.sql")).status).toBe(404);
    expect((await a.api("files", "PUT", "same.ns", "from=/q.sql&to=/r.sql")).status).toBe(404);
    const onB = await call(routes.files, "GET", { params: { tenant: b.id, namespace: "same.ns" }, auth: a.auth, query: "path=/q.sql" });
    expect(onB.status).toBe(404);
    expect((await b.api("files", "GET", "same.ns", "path=/q.sql")).text).toBe("B's query");
  });
});

describe("read() in flows", () => {
  test("reads the flow's namespace files, its own tenant's only", async () => {
    const a = await side();
    const b = await side();
    await a.upload("etl", "/sql/q.sql", "select 'A'");
    await b.upload("etl", "/sql/q.sql", "select 'B'");
    await b.upload("etl", "/only-b.sql", "select 'B only'");
    const ret = (expr: string) => `  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ ${expr} }}"\n`;
    const own = await execute(a.id, "etl", ret("read('sql/q.sql')"));
    expect(own.state.current).toBe("SUCCESS");
    expect(own.taskRunList[0].outputs?.value).toBe("select 'A'");
    const foreign = await execute(a.id, "etl", ret("read('/only-b.sql')"));
    expect(foreign.state.current).toBe("FAILED");
    const escape = await execute(a.id, "etl", ret("read('../../" + b.id + "/_files/etl/only-b.sql')"));
    expect(escape.state.current).toBe("FAILED");
    const denied = await execute(a.id, "other", ret("read('sql/q.sql', namespace='etl')"));
    expect(denied.state.current).toBe("FAILED");
  });
});

describe("script tasks and namespace tasks", () => {
  test("namespaceFiles copies the included files, not the excluded ones nor tenant B's, into the working directory", async () => {
    const a = await side();
    const b = await side();
    await a.upload("scripts.ns", "/sql/q.sql", "select 'A'");
    await a.upload("scripts.ns", "/sql/skip.sql", "skip me");
    await a.upload("scripts.ns", "/notes.md", "not included");
    await b.upload("scripts.ns", "/sql/b.sql", "tenant B");
    const task =
      "  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    namespaceFiles:\n      enabled: true\n      include:\n        - \"sql/**\"\n      exclude:\n        - \"**skip.sql\"\n" +
      "    commands:\n      - 'echo \"::{\\\"outputs\\\":{\\\"files\\\":\\\"$(find . -type f -not -path \\\"./.*\\\" | sort | tr \"\\n\" \" \")\\\",\\\"q\\\":\\\"$(cat sql/q.sql)\\\"}}::\"'\n";
    const done = await execute(a.id, "scripts.ns", task);
    expect(done.state.current, JSON.stringify(done.taskRunList[0].state)).toBe("SUCCESS");
    const vars = done.taskRunList[0].outputs?.vars as { files: string; q: string };
    expect(vars.q).toBe("select 'A'");
    expect(vars.files).toContain("./sql/q.sql");
    expect(vars.files).not.toContain("skip.sql");
    expect(vars.files).not.toContain("notes.md");
    expect(vars.files).not.toContain("b.sql");
  });

  test("UploadFiles, DownloadFiles and DeleteFiles; another namespace only where it allows it", async () => {
    const a = await side();
    await a.upload("tasks.ns", "/data/in.csv", "a,b\n1,2\n");
    await a.upload("tasks.ns", "/data/old.upl", "old");
    const flow =
      "  - id: write\n    type: io.kestra.plugin.core.storage.Write\n    content: hello from a flow\n    extension: .txt\n" +
      "  - id: up\n    type: io.kestra.plugin.core.namespace.UploadFiles\n    namespace: tasks.ns\n    files:\n      /uploaded/hello.txt: \"{{ outputs.write.uri }}\"\n" +
      "  - id: down\n    type: io.kestra.plugin.core.namespace.DownloadFiles\n    namespace: tasks.ns\n    files:\n      - \"**.csv\"\n" +
      "  - id: show\n    type: io.kestra.plugin.core.debug.Return\n    format: \"{{ read(outputs.down.files['/data/in.csv']) }}\"\n" +
      "  - id: del\n    type: io.kestra.plugin.core.namespace.DeleteFiles\n    namespace: tasks.ns\n    files: \"**.upl\"\n";
    const done = await execute(a.id, "tasks.ns", flow);
    expect(done.state.current).toBe("SUCCESS");
    expect(done.taskRunList.find((t) => t.taskId === "show")?.outputs?.value).toBe("a,b\n1,2\n");
    expect(done.taskRunList.find((t) => t.taskId === "del")?.outputs?.files).toEqual(["/data/old.upl"]);
    expect((await a.api("files", "GET", "tasks.ns", "path=/uploaded/hello.txt")).text).toBe("hello from a flow");
    expect((await a.api("files", "GET", "tasks.ns", "path=/data/old.upl")).status).toBe(404);

    const denied = await execute(a.id, "outsider", "  - id: del\n    type: io.kestra.plugin.core.namespace.DeleteFiles\n    namespace: tasks.ns\n    files: \"**\"\n");
    expect(denied.state.current).toBe("FAILED");
    expect((await a.api("files", "GET", "tasks.ns", "path=/data/in.csv")).status).toBe(200);
  });
});

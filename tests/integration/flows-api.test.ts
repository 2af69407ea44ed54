import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { flows, flowRevisions } from "@/db/schema";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";
import { MALFORMED_FLOWS } from "../fixtures/malformed-flows";

let routes: RouteFile[];
const route = (p: string) => routes.find((r) => r.pattern === `[tenant]/flows${p}`)!;
let dev: string;
let prod: string;
let auth: string;

const etl = (message: string, comment = "") =>
  `# ${comment}\nid: etl\nnamespace: company.team\ndescription: ETL ${message}\nlabels:\n  team: data\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: ${message} # keep me\n`;

beforeAll(async () => {
  routes = await loadRoutes((p) => p.startsWith("[tenant]/flows") || p.startsWith("[tenant]/plugins"));
  dev = (await seedTenant()).id;
  prod = (await seedTenant()).id;
  const user = await seedUser({ access: [dev, prod], roles: { [dev]: "editor", [prod]: "editor" } });
  auth = basicAuth(user.email);
});

type FlowJson = { id: string; namespace: string; revision: number; source: string; description: string; labels: unknown };
const post = (tenant: string, source: string) => call(route(""), "POST", { params: { tenant }, auth, body: source });
const get = (tenant: string, query = "") => call(route("/[namespace]/[id]"), "GET", { params: { tenant, namespace: "company.team", id: "etl" }, auth, query });
const put = (tenant: string, source: string) => call(route("/[namespace]/[id]"), "PUT", { params: { tenant, namespace: "company.team", id: "etl" }, auth, body: source });
const revisions = (tenant: string) => call(route("/[namespace]/[id]/revisions"), "GET", { params: { tenant, namespace: "company.team", id: "etl" }, auth });

describe("the same flow in two tenants", () => {
  test("each tenant keeps its own source and revision history", async () => {
    expect((await post(dev, etl("dev v1", "dev"))).status).toBe(201);
    expect((await post(prod, etl("prod v1", "prod"))).status).toBe(201);
    expect((await put(dev, etl("dev v2", "dev"))).status).toBe(200);

    const devFlow = (await get(dev)).json as FlowJson;
    const prodFlow = (await get(prod)).json as FlowJson;
    expect(devFlow).toMatchObject({ id: "etl", namespace: "company.team", revision: 2, description: "ETL dev v2" });
    expect(devFlow.source).toBe(etl("dev v2", "dev"));
    expect(prodFlow).toMatchObject({ revision: 1, description: "ETL prod v1", labels: [{ key: "team", value: "data" }] });
    expect(prodFlow.source).toBe(etl("prod v1", "prod"));

    const devRevisions = (await revisions(dev)).json as FlowJson[];
    const prodRevisions = (await revisions(prod)).json as FlowJson[];
    expect(devRevisions.map((r) => r.revision)).toEqual([1, 2]);
    expect(devRevisions.map((r) => r.description)).toEqual(["ETL dev v1", "ETL dev v2"]);
    expect(prodRevisions.map((r) => r.revision)).toEqual([1]);
    expect(JSON.stringify(prodRevisions)).not.toContain("dev v");
  });

  test("a second create is a 409; an unchanged source keeps the revision", async () => {
    expect((await post(prod, etl("prod v1", "prod"))).status).toBe(409);
    const same = await put(prod, etl("prod v1", "prod"));
    expect((same.json as FlowJson).revision).toBe(1);
    const old = await get(dev, "revision=1");
    expect((old.json as FlowJson).source).toBe(etl("dev v1", "dev"));
  });

  test("deleting keeps the revisions; creating again continues the numbering", async () => {
    const tenant = (await seedTenant()).id;
    const admin = basicAuth((await seedUser({ access: [tenant], roles: { [tenant]: "admin" } })).email);
    const p = { tenant, namespace: "company.team", id: "etl" };
    await call(route(""), "POST", { params: { tenant }, auth: admin, body: etl("one") });
    expect((await call(route("/[namespace]/[id]"), "DELETE", { params: p, auth: admin })).status).toBe(204);
    expect((await call(route("/[namespace]/[id]"), "GET", { params: p, auth: admin })).status).toBe(404);
    const kept = (await call(route("/[namespace]/[id]/revisions"), "GET", { params: p, auth: admin })).json as (FlowJson & { deleted: boolean })[];
    expect(kept.map((r) => [r.revision, r.deleted])).toEqual([[1, false], [2, true]]);
    const again = await call(route(""), "POST", { params: { tenant }, auth: admin, body: etl("two") });
    expect(again.status).toBe(201);
    expect((again.json as FlowJson).revision).toBe(3);
  });

  test("search, namespaces and listing see only the tenant's flows", async () => {
    const search = (await call(route("/search"), "GET", { params: { tenant: dev }, auth, query: "q=etl" })).json as { results: FlowJson[]; total: number };
    expect(search.total).toBe(1);
    expect(search.results[0].description).toBe("ETL dev v2");
    const namespaces = (await call(route("/distinct-namespaces"), "GET", { params: { tenant: prod }, auth })).json;
    expect(namespaces).toEqual(["company.team"]);
    const byLabel = (await call(route("/search"), "GET", { params: { tenant: prod }, auth, query: "labels=team:data" })).json as { total: number };
    expect(byLabel.total).toBe(1);
    const noLabel = (await call(route("/search"), "GET", { params: { tenant: prod }, auth, query: "labels=team:ops" })).json as { total: number };
    expect(noLabel.total).toBe(0);
  });
});

describe("validation", () => {
  test("validate takes several documents and names the line of each problem", async () => {
    const body = `${etl("a")}---\nid: broken\nnamespace: company.team\ntasks:\n  - id: x\n    type: io.kestra.plugin.core.log.Nope\n`;
    const res = await call(route("/validate"), "POST", { params: { tenant: dev }, auth, body });
    expect(res.status).toBe(200);
    const [first, second] = res.json as { flow?: string; constraints?: string; details?: { path: string; line: number }[] }[];
    expect(first).toMatchObject({ flow: "etl", namespace: "company.team" });
    expect(first.constraints).toBeUndefined();
    expect(second.constraints).toMatch(/tasks\[0\]\.type/);
    expect(second.details?.[0]).toMatchObject({ path: "tasks[0].type", line: 16 });
  });

  test.each(MALFORMED_FLOWS.map((f) => [f.name, f] as const))("%s → 4xx with a position, nothing stored", async (_name, flow) => {
    const res = await post(dev, flow.source);
    expect(res.status).toBe(flow.status ?? 422);
    const body = res.json as { message: string; details: { path: string; line?: number; column?: number }[] };
    expect(body.message).toBeTruthy();
    expect(body.details.length).toBeGreaterThan(0);
    if (res.status === 422) {
      expect(body.details[0].line).toBeGreaterThanOrEqual(1);
      expect(body.details[0].column).toBeGreaterThanOrEqual(1);
    }
    if (flow.path) expect(body.details.map((d) => d.path)).toContain(flow.path);
  });

  test("the malformed flows left nothing behind", async () => {
    const stored = await withTenant({ tenantId: dev }, async (tx) => ({
      flows: (await tx.select().from(flows)).map((f) => f.id),
      revisions: (await tx.select().from(flowRevisions)).length,
    }));
    expect(stored.flows).toEqual(["etl"]);
    expect(stored.revisions).toBe(2);
  });

  test("a PUT may not rename the flow", async () => {
    const res = await put(dev, etl("x").replace("id: etl", "id: other"));
    expect(res.status).toBe(422);
    expect((res.json as { details: { path: string }[] }).details[0].path).toBe("id");
  });
});

describe("bulk namespace update", () => {
  test("replaces the namespace's flows, all or nothing", async () => {
    const tenant = (await seedTenant()).id;
    const admin = basicAuth((await seedUser({ access: [tenant], roles: { [tenant]: "admin" } })).email);
    const flowIn = (id: string, ns = "bulk.ns") => `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: ${id}\n`;
    const bulk = (body: string, query = "") => call(route("/[namespace]"), "POST", { params: { tenant, namespace: "bulk.ns" }, auth: admin, body, query });
    expect((await bulk(`${flowIn("a")}---\n${flowIn("b")}`)).status).toBe(200);
    // One bad document: nothing changes.
    const bad = await bulk(`${flowIn("c")}---\n${flowIn("d", "other.ns")}`, "delete=true");
    expect(bad.status).toBe(422);
    const list = async () => ((await call(route("/[namespace]"), "GET", { params: { tenant, namespace: "bulk.ns" }, auth: admin })).json as FlowJson[]).map((f) => f.id);
    expect(await list()).toEqual(["a", "b"]);
    expect((await bulk(flowIn("c"), "delete=true")).status).toBe(200);
    expect(await list()).toEqual(["c"]);
  });
});

describe("namespace-scoped roles", () => {
  test("a role bound to a namespace sees and edits only that namespace", async () => {
    const tenant = (await seedTenant()).id;
    const admin = basicAuth((await seedUser({ access: [tenant], roles: { [tenant]: "admin" } })).email);
    const src = (ns: string) => `id: f\nnamespace: ${ns}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;
    for (const ns of ["team.a", "team.a.sub", "team.b"]) await call(route(""), "POST", { params: { tenant }, auth: admin, body: src(ns) });
    const scoped = await seedUser({ access: [tenant] });
    const [bindings] = await loadRoutes((p) => p === "[tenant]/bindings");
    const bound = await call(bindings, "POST", { params: { tenant }, auth: admin, body: { type: "USER", externalId: scoped.id, roleId: "editor", namespaceId: "team.a" } });
    expect(bound.status).toBe(201);
    const auth2 = basicAuth(scoped.email);
    const search = (await call(route("/search"), "GET", { params: { tenant }, auth: auth2 })).json as { results: FlowJson[] };
    expect(search.results.map((f) => f.namespace).sort()).toEqual(["team.a", "team.a.sub"]);
    const other = await call(route("/[namespace]/[id]"), "GET", { params: { tenant, namespace: "team.b", id: "f" }, auth: auth2 });
    expect(other.status).toBe(404);
    const write = await call(route(""), "POST", { params: { tenant }, auth: auth2, body: src("team.b").replace("id: f", "id: g") });
    expect(write.status).toBe(403);
    const own = await call(route(""), "POST", { params: { tenant }, auth: auth2, body: src("team.a").replace("id: f", "id: g") });
    expect(own.status).toBe(201);
  });
});

const CORPUS = path.resolve(__dirname, "../../../shared/conformance/flows");

describe.skipIf(!fs.existsSync(CORPUS))("Kestra's conformance flows", () => {
  test("every flow of the corpus is accepted by the API", async () => {
    const tenant = (await seedTenant()).id;
    const admin = basicAuth((await seedUser({ access: [tenant], roles: { [tenant]: "admin" } })).email);
    const refused: string[] = [];
    const files = fs.readdirSync(CORPUS).filter((f) => /\.ya?ml$/.test(f));
    for (const file of files) {
      const res = await call(route(""), "POST", { params: { tenant }, auth: admin, body: fs.readFileSync(path.join(CORPUS, file), "utf8") });
      if (res.status !== 201) refused.push(`${file}: ${res.status} ${res.text.slice(0, 300)}`);
    }
    expect(refused).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });
});

test("the flow JSON Schema is served", async () => {
  const res = await call(routes.find((r) => r.pattern === "[tenant]/plugins/schemas/flow")!, "GET", { params: { tenant: dev }, auth });
  expect(res.status).toBe(200);
  expect(res.text).toContain("io.kestra.plugin.core.log.Log");
});

import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { openApiDocument, openApiPath } from "@/lib/api/openapi";
import { groupBody, invitationBody } from "@/lib/api/schemas";
import { z } from "zod";
import { GET } from "@/app/api/v1/openapi.json/route";

/**
 * Issue 12, item 6: GET /api/v1/openapi.json documents every route under app/api, with the
 * zod schemas the routes validate with. A new route file that the document misses fails here.
 */
const API_ROOT = path.resolve(__dirname, "../../app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(full) : e.name === "route.ts" ? [full] : [];
  });
}

type Doc = { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; parameters: { name: string; in: string }[]; "x-permission"?: string }>> };

test("every route file and method under app/api is in the document", async () => {
  const doc = openApiDocument() as Doc;
  expect(doc.openapi).toBe("3.1.0");
  const missing: string[] = [];
  let count = 0;
  for (const file of routeFiles(API_ROOT)) {
    const pattern = path.relative(API_ROOT, path.dirname(file)).split(path.sep).join("/");
    // The JSON 404 of every /api address no route serves: no operation to document.
    if (pattern === "[...path]") continue;
    const source = fs.readFileSync(file, "utf8");
    // `export const GET`, `export async function GET`, `export { GET }`, `export const { GET, POST } = ...`.
    const exported = METHODS.filter((m) => new RegExp(`export (const|async function|function) ${m}\\b|export (const )?\\{[^}]*\\b${m}\\b[^}]*\\}`).test(source));
    expect(exported.length, `${pattern} exports no method`).toBeGreaterThan(0);
    for (const method of exported) {
      count++;
      if (!doc.paths[openApiPath(pattern)]?.[method.toLowerCase()]) missing.push(`${method} ${pattern}`);
    }
  }
  expect(missing, "a new route: run `npm run openapi:routes`").toEqual([]);
  expect(count).toBeGreaterThan(60);
  expect(Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0)).toBe(count);
});

test("bodies and queries come from the routes' own zod schemas", () => {
  const doc = openApiDocument() as Doc;
  const groups = doc.paths["/api/v1/{tenant}/groups"];
  expect(groups.post.requestBody!.content["application/json"].schema).toEqual(
    (({ $schema: _s, ...rest }) => rest)(z.toJSONSchema(groupBody, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
  );
  expect(groups.post["x-permission"]).toBe("GROUP:CREATE");
  expect(groups.get.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(["path:tenant", "query:page", "query:size", "query:q"]));
  const invitation = doc.paths["/api/v1/{tenant}/invitations"].post.requestBody!.content["application/json"].schema as { properties: Record<string, unknown>; additionalProperties: boolean };
  expect(Object.keys(invitation.properties).sort()).toEqual(Object.keys(invitationBody.shape).sort());
  expect(invitation.additionalProperties).toBe(false);
  expect(doc.paths["/api/v1/{tenant}/flows"].post.requestBody!.content).toHaveProperty("application/x-yaml");
});

test("GET /api/v1/openapi.json serves it without credentials", async () => {
  const res = await GET();
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Doc;
  expect(doc.paths).toHaveProperty("/api/v1/{tenant}/service-accounts/{id}/api-tokens");
  expect(doc.paths).toHaveProperty("/api/v1/me/invitations");
});

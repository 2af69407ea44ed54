import { z, type ZodType } from "zod";
import { ROUTE_MODULES } from "./openapi-routes";
import type { DocumentedHandler, RouteSpec } from "./route";

/**
 * The OpenAPI 3.1 document of every route under app/api, generated from the zod schemas the
 * routes validate with (tenantRoute / instanceRoute attach them to their handlers). Routes
 * that read their input themselves (YAML flows, multipart executions, webhooks, streams,
 * health) are described by hand below.
 */

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];

type JsonSchema = Record<string, unknown>;
type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: { name: string; in: "path" | "query"; required: boolean; schema: JsonSchema; description?: string }[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
  security?: Record<string, string[]>[];
  "x-permission"?: string;
};

/** Routes whose input is not a zod-checked JSON body/query: content type and a line each. */
const BY_HAND: Record<string, { summary: string; body?: { type: string; schema?: JsonSchema }; public?: boolean; response?: string }> = {
  "GET health": { summary: "Health: database and engine", public: true },
  "GET health/live": { summary: "Liveness", public: true },
  "GET health/ready": { summary: "Readiness", public: true },
  "GET metrics": { summary: "Prometheus metrics", public: true, response: "text/plain" },
  "GET auth/[...nextauth]": { summary: "Auth.js (sign-in pages, session, CSRF)", public: true },
  "POST auth/[...nextauth]": { summary: "Auth.js (credentials sign-in, sign-out)", public: true },
  "GET v1/openapi.json": { summary: "This document", public: true },
  "POST v1/[tenant]/flows": { summary: "Create a flow from its YAML source", body: { type: "application/x-yaml", schema: { type: "string" } } },
  "POST v1/[tenant]/flows/validate": { summary: "Validate flow sources (YAML, several separated by ---)", body: { type: "application/x-yaml", schema: { type: "string" } } },
  "POST v1/[tenant]/flows/[namespace]": { summary: "Replace a namespace's flows (bulk YAML; delete=true removes the others)", body: { type: "application/x-yaml", schema: { type: "string" } } },
  "PUT v1/[tenant]/flows/[namespace]/[id]": { summary: "Update a flow from its YAML source", body: { type: "application/x-yaml", schema: { type: "string" } } },
  "POST v1/[tenant]/executions/[executionId]/[id]": {
    summary: "Start an execution of flow {id} in namespace {executionId} (inputs as multipart form fields or files)",
    body: { type: "multipart/form-data", schema: { type: "object", additionalProperties: true } },
  },
  "PUT v1/[tenant]/namespaces/[namespace]/kv/[key]": { summary: "Set a KV pair (the body is the JSON value)", body: { type: "application/json", schema: {} } },
  "GET v1/[tenant]/executions/[executionId]/follow": { summary: "Follow an execution (server-sent events)", response: "text/event-stream" },
  "GET v1/[tenant]/logs/[executionId]/follow": { summary: "Follow an execution's logs (server-sent events)", response: "text/event-stream" },
  "GET v1/[tenant]/logs/[executionId]/download": { summary: "Download an execution's logs as text", response: "text/plain" },
  "GET v1/[tenant]/executions/[executionId]/file": { summary: "Download a file of the execution (path=kestra:///...)", response: "application/octet-stream" },
  "GET v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]": { summary: "Webhook trigger: start the flow (the key is the credential)", public: true },
  "POST v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]": { summary: "Webhook trigger: start the flow with a body (the key is the credential)", public: true, body: { type: "application/json", schema: {} } },
  "PUT v1/[tenant]/executions/webhook/[namespace]/[flowId]/[key]": { summary: "Webhook trigger: start the flow with a body (the key is the credential)", public: true, body: { type: "application/json", schema: {} } },
};

const SUMMARY_VERB: Record<Method, string> = { GET: "Read", POST: "Create", PUT: "Update", PATCH: "Update", DELETE: "Delete" };

function toSchema(schema: ZodType): JsonSchema {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  return json;
}

/** `v1/[tenant]/groups/[id]` → `/api/v1/{tenant}/groups/{id}`. */
export function openApiPath(pattern: string): string {
  return `/api/${pattern.replace(/\[\.\.\.(\w+)\]/g, "{$1}").replace(/\[(\w+)\]/g, "{$1}")}`;
}

function tagOf(pattern: string): string {
  const parts = pattern.split("/");
  if (parts[0] !== "v1") return "Instance";
  const head = parts[1] === "[tenant]" ? parts[2] : parts[1];
  return head.replace(/\.json$/, "");
}

const ERRORS = {
  "400": "Malformed request",
  "401": "Missing or wrong credentials",
  "403": "The caller lacks the permission (named in the message)",
  "404": "Not found (an unknown tenant and one you cannot enter look the same)",
  "422": "Invalid input: `details` names each field",
};

const errorSchema = { type: "object", properties: { message: { type: "string" }, details: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } } } };

function operation(pattern: string, method: Method, spec: RouteSpec | undefined): Operation {
  const key = `${method} ${pattern}`;
  const hand = BY_HAND[key];
  const pathParams = [...pattern.matchAll(/\[(?:\.\.\.)?(\w+)\]/g)].map((m) => m[1]);
  const parameters: Operation["parameters"] = pathParams.map((name) => ({ name, in: "path" as const, required: true, schema: { type: "string" } }));
  if (spec?.query) {
    const json = toSchema(spec.query) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) parameters.push({ name, in: "query", required: json.required?.includes(name) ?? false, schema });
  }
  const tag = tagOf(pattern);
  const op: Operation = {
    operationId: `${method.toLowerCase()}_${pattern.replace(/[^a-zA-Z0-9]+/g, "_").replace(/^_|_$/g, "")}`,
    summary: hand?.summary ?? `${SUMMARY_VERB[method]} ${openApiPath(pattern).replace(/^\/api\/v1\/(\{tenant\}\/)?/, "")}`,
    tags: [tag],
    parameters,
    responses: {},
  };
  if (spec?.permission) {
    op["x-permission"] = `${spec.permission[0]}:${spec.permission[1]}`;
    op.description = `Needs ${spec.permission[0]}:${spec.permission[1]} in the tenant (a namespace-scoped grant passes; the namespace is checked on the object).`;
  } else if (spec?.door === "instance") {
    op.description = spec.self ? "About the caller themselves." : "Superadmins only.";
  }
  if (spec?.body) op.requestBody = { required: true, content: { "application/json": { schema: toSchema(spec.body) } } };
  else if (hand?.body) op.requestBody = { required: true, content: { [hand.body.type]: { schema: hand.body.schema ?? {} } } };
  const ok = String(spec?.successStatus ?? (method === "POST" ? 200 : 200));
  op.responses[ok] = hand?.response ? { description: "OK", content: { [hand.response]: { schema: { type: "string" } } } } : { description: "OK" };
  if (method === "DELETE") op.responses["204"] = { description: "Deleted" };
  for (const [status, description] of Object.entries(ERRORS)) {
    if (hand?.public && status !== "404" && status !== "422") continue;
    op.responses[status] = { description, content: { "application/json": { schema: errorSchema } } };
  }
  if (hand?.public) op.security = [];
  return op;
}

let cached: Record<string, unknown> | undefined;

/** The document (built once per process). */
export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, Operation>> = {};
  const add = (pattern: string, method: Method, spec: RouteSpec | undefined) => {
    (paths[openApiPath(pattern)] ??= {})[method.toLowerCase()] = operation(pattern, method, spec);
  };
  for (const [pattern, mod] of Object.entries(ROUTE_MODULES)) {
    for (const method of METHODS) {
      const handler = mod[method] as DocumentedHandler | undefined;
      if (typeof handler === "function") add(pattern, method, handler.spec);
    }
  }
  add("auth/[...nextauth]", "GET", undefined);
  add("auth/[...nextauth]", "POST", undefined);
  add("v1/openapi.json", "GET", undefined);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version: "1",
      description:
        "Kestra-compatible REST API of a multi-tenant orchestrator. Every tenant resource lives under /api/v1/{tenant}; an unknown tenant and one you may not enter both answer 404.",
    },
    servers: [{ url: "/" }],
    security: [{ basic: [] }, { bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        basic: { type: "http", scheme: "basic" },
        bearer: { type: "http", scheme: "bearer", description: "An API token (a user's, or a service account's: valid in its tenant only)" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token" },
      },
    },
    tags: [...new Set(Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((o) => o.tags)))].sort().map((name) => ({ name })),
    paths,
  };
  return cached;
}

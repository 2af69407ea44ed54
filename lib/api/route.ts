import { NextResponse } from "next/server";
import { observeRequest } from "@/lib/observability/metrics";
import type { ZodType } from "zod";
import { withInstance } from "@/db/tenant";
import type { Tenant } from "@/db/queries/tenants";
import { ApiError, toApiError } from "@/lib/errors";
import { takeRequestToken } from "./request-quota";
import type { Action, Grant, Resource } from "@/lib/permissions";
import { actorOf, type Actor, type InstanceActor } from "@/lib/server/actor";
import { DEFAULT_TENANT } from "@/lib/env";
import { isMultiTenant, tenantIdSchema } from "@/lib/tenancy";
import { authenticate, identify, resolveInTenant, resolvePrincipal, type Caller } from "./authenticate";
import { assertCleanRequest, parseJsonBody, parseWith, searchParamsObject } from "./request";

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (req: Request, context: RouteContext) => Promise<Response>;

/** What a handler declares (its door, permission and the zod schemas it validates with), read by the OpenAPI document. */
export type RouteSpec = {
  door: "tenant" | "instance";
  permission?: Permission;
  /** Instance routes about the caller themselves (no superadmin needed). */
  self?: boolean;
  query?: ZodType;
  body?: ZodType;
  successStatus: number;
};
export type DocumentedHandler = Handler & { spec?: RouteSpec };

function documented(handler: Handler, spec: RouteSpec): DocumentedHandler {
  return Object.assign(handler, { spec });
}

export type Permission = readonly [Resource, Action];

type Options<Q, B> = {
  /** The permission the caller needs in the tenant; checked before the handler runs. */
  permission?: Permission;
  query?: ZodType<Q>;
  /** A JSON body schema; use a strict object so unknown fields are a 422. */
  body?: ZodType<B>;
};

export type TenantCall<Q, B> = {
  req: Request;
  tenant: Tenant;
  tenantId: string;
  caller: Caller;
  grants: Grant[];
  /** Who acts here, for the use cases (lib/server). */
  actor: Actor;
  /** Whether the caller may do `action` on `resource` (in `namespace` when given, else anywhere). */
  can: Actor["can"];
  /** `can`, or a 403 naming the permission. */
  require: Actor["require"];
  /** The tenant context for withTenant, carrying the caller for audit entries. */
  ctx: { tenantId: string; userId: string };
  params: Record<string, string>;
  query: Q;
  body: B;
};

export type InstanceCall<Q, B> = Omit<TenantCall<Q, B>, "tenant" | "tenantId" | "grants" | "actor" | "can" | "require" | "ctx">;

/** Below this size a JSON answer is sent as is: gzip would cost more CPU than it saves bytes. */
const COMPRESS_FROM_BYTES = 8 * 1024;

function respond(result: unknown, status = 200): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204 });
  const body = JSON.stringify(result);
  const headers: Record<string, string> = { "content-type": "application/json" };
  // The server's compression skips responses marked no-transform.
  if (body.length < COMPRESS_FROM_BYTES) headers["cache-control"] = "no-transform";
  return new Response(body, { status, headers });
}

export function errorResponse(error: unknown): Response {
  const apiError = toApiError(error);
  if (apiError.status >= 500) console.error("[api]", error);
  const headers: Record<string, string> = {};
  if (apiError.status === 401) headers["WWW-Authenticate"] = 'Basic realm="switchyard", charset="UTF-8"';
  if (apiError.retryAfterSeconds !== undefined) headers["Retry-After"] = String(apiError.retryAfterSeconds);
  return NextResponse.json({ message: apiError.message, details: apiError.details }, { status: apiError.status, headers });
}

async function readParams(context: RouteContext): Promise<Record<string, string>> {
  const raw = await context.params;
  return Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

async function parseInput<Q, B>(req: Request, options: Options<Q, B>) {
  const query = options.query ? parseWith(options.query, searchParamsObject(new URL(req.url)), "query") : (undefined as Q);
  const body = options.body ? await parseJsonBody(req, options.body) : (undefined as B);
  return { query, body };
}

const notFound = () => new ApiError("not_found", "Tenant not found");

/**
 * The one door for `/api/v1/{tenant}/...` handlers: authenticates, resolves the tenant
 * (unknown and not granted look the same: 404), checks the permission (403), validates
 * query and body (4xx naming the field), then runs the handler.
 */
/** Records each answer's latency by route pattern (switchyard_http_request_duration_seconds). */
function timed(handler: Handler): Handler {
  return async (req, context) => {
    const started = performance.now();
    const res = await handler(req, context);
    const params = await readParams(context).catch(() => ({}));
    observeRequest(req, params, res.status, started);
    return res;
  };
}

export function tenantRoute<Q = undefined, B = undefined>(
  options: Options<Q, B>,
  handler: (call: TenantCall<Q, B>) => Promise<unknown>,
  successStatus = 200,
): DocumentedHandler {
  const spec: RouteSpec = { door: "tenant", permission: options.permission, query: options.query, body: options.body, successStatus };
  return documented(timed(async (req, context) => {
    try {
      const principal = await identify(req);
      const params = await readParams(context);
      assertCleanRequest(req, params);
      const tenantId = params.tenant ?? (isMultiTenant() ? undefined : DEFAULT_TENANT);
      if (!tenantId || !tenantIdSchema.safeParse(tenantId).success) {
        // Credentials still decide first: a bad token is a 401 whatever the path.
        await withInstance((tx) => resolvePrincipal(tx, principal));
        throw notFound();
      }

      // One statement: who calls, the tenant, their access and their grants.
      const resolved = await resolveInTenant(principal, tenantId);
      // Unknown and not granted look alike.
      if (!resolved) throw notFound();
      takeRequestToken(tenantId, resolved.tenant.settings);
      const { caller, grants } = resolved;
      const userId = caller.user.id;
      const actor = actorOf({ tenantId, userId, grants, superAdmin: caller.user.superAdmin });
      // Namespace-scoped roles pass this gate; the use case checks the namespace itself.
      if (options.permission) actor.require(...options.permission);
      const { query, body } = await parseInput(req, options);
      const result = await handler({
        req, tenant: resolved.tenant, tenantId, caller, grants, actor, can: actor.can, require: actor.require, ctx: { tenantId, userId }, params, query, body,
      });
      return respond(result, successStatus);
    } catch (error) {
      return errorResponse(error);
    }
  }), spec);
}

/** The instance-level actor of an authenticated caller, for lib/server's instance use cases. */
export function instanceActor(caller: Caller): InstanceActor {
  return { userId: caller.user.id, superAdmin: caller.user.superAdmin };
}

/**
 * The door for instance-level handlers (`/api/v1/tenants`, `/api/v1/users`): authenticated,
 * and superadmin unless `self` (routes about the caller, such as `/me/api-tokens`).
 */
export function instanceRoute<Q = undefined, B = undefined>(
  options: Omit<Options<Q, B>, "permission"> & { self?: boolean },
  handler: (call: InstanceCall<Q, B>) => Promise<unknown>,
  successStatus = 200,
): DocumentedHandler {
  const spec: RouteSpec = { door: "instance", self: options.self, query: options.query, body: options.body, successStatus };
  return documented(timed(async (req, context) => {
    try {
      const caller = await authenticate(req);
      if (!options.self && !caller.user.superAdmin) throw new ApiError("forbidden", "Superadmin only");
      const params = await readParams(context);
      assertCleanRequest(req, params);
      const { query, body } = await parseInput(req, options);
      return respond(await handler({ req, caller, params, query, body }), successStatus);
    } catch (error) {
      return errorResponse(error);
    }
  }), spec);
}

import { z } from "zod";
import { parseDuration } from "@/engine/executor/duration";
import { dynBool, dynEnum, stringMap, text } from "@/engine/flow/values";
import type { TaskContext } from "@/engine/executor/context";
import type { HttpProxy } from "@/engine/executor/services";
import { defineRunnable } from "../define";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE"] as const;

const properties = z.object({
  uri: text(),
  method: dynEnum(HTTP_METHODS).default("GET"),
  body: text().optional(),
  formData: stringMap().optional(),
  contentType: text().default("application/json"),
  headers: z.union([stringMap(), z.string()]).optional(),
  /** Timeouts, proxy, auth, redirects...: Kestra's HttpConfiguration. */
  options: stringMap().optional(),
  /** Deprecated: `options.ssl`. */
  sslOptions: stringMap().optional(),
  encryptBody: dynBool().default(false),
  /** Deprecated: `options.allowFailed`. */
  allowFailed: dynBool().optional(),
  failOnEmptyResponse: dynBool().optional(),
});

type Props = z.output<typeof properties>;

async function truthy(ctx: TaskContext<Props>, value: unknown): Promise<boolean> {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return ctx.condition(value);
  return false;
}

/** Read timeout from Kestra's `options.timeout.readIdleTimeout` (or `options.readTimeout`). */
function timeoutOf(options: Record<string, unknown>): number | undefined {
  const timeout = options.timeout as Record<string, unknown> | undefined;
  const value = timeout?.readIdleTimeout ?? timeout?.connectTimeout ?? options.readTimeout;
  return typeof value === "string" ? parseDuration(value) : undefined;
}

/**
 * Kestra's `options.auth` (`{type: BASIC, username, password}` or `{type: BEARER, token}`) and
 * the deprecated `options.basicAuthUser` / `basicAuthPassword`: the Authorization header, unless
 * the task's headers already carry one.
 */
export function authorizationOf(options: Record<string, unknown>): string | undefined {
  const auth = (options.auth ?? null) as Record<string, unknown> | null;
  if (auth && typeof auth === "object") {
    const type = String(auth.type ?? "").toUpperCase();
    if (type === "BASIC") return basic(auth.username, auth.password);
    if (type === "BEARER") {
      if (auth.token === undefined || auth.token === null || auth.token === "") throw new Error("options.auth: a BEARER auth needs a token");
      return `Bearer ${String(auth.token)}`;
    }
    throw new Error(`options.auth.type must be BASIC or BEARER, not '${String(auth.type ?? "")}'`);
  }
  if (options.basicAuthUser !== undefined) return basic(options.basicAuthUser, options.basicAuthPassword);
  return undefined;
}

function basic(username: unknown, password: unknown): string {
  if (username === undefined || username === null) throw new Error("options.auth: a BASIC auth needs a username");
  return `Basic ${Buffer.from(`${String(username)}:${password === undefined || password === null ? "" : String(password)}`).toString("base64")}`;
}

/**
 * Kestra's `options.proxy` (`{type: HTTP, address, port, username, password}`) and the deprecated
 * `options.proxyType` / `proxyAddress` / `proxyPort` / `proxyUsername` / `proxyPassword`.
 * DIRECT (the default) means no proxy; only HTTP proxies are supported.
 */
export function proxyOf(options: Record<string, unknown>): HttpProxy | undefined {
  const nested = (options.proxy ?? {}) as Record<string, unknown>;
  const type = String(nested.type ?? options.proxyType ?? "DIRECT").toUpperCase();
  const address = nested.address ?? options.proxyAddress;
  if (type === "DIRECT") return undefined;
  if (type !== "HTTP") throw new Error(`options.proxy.type '${type}' is not supported: use HTTP or DIRECT`);
  if (typeof address !== "string" || address === "") throw new Error("options.proxy: an HTTP proxy needs an address");
  const port = Number(nested.port ?? options.proxyPort ?? 80);
  const username = nested.username ?? options.proxyUsername;
  const password = nested.password ?? options.proxyPassword;
  return {
    host: address,
    port,
    ...(username !== undefined && username !== null ? { username: String(username) } : {}),
    ...(password !== undefined && password !== null ? { password: String(password) } : {}),
  };
}

export const httpRequest = defineRunnable({
  type: "io.kestra.plugin.core.http.Request",
  aliases: ["io.kestra.plugin.fs.http.Request"],
  title: "Send an HTTP request and return the response",
  properties,
  async run(ctx) {
    const { props } = ctx;
    const url = await ctx.render(props.uri);
    const method = (await ctx.render(props.method)).toUpperCase();
    const rendered = props.headers === undefined ? {} : await ctx.renderRecursive(typeof props.headers === "string" ? await ctx.renderTyped(props.headers) : props.headers);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries((rendered ?? {}) as Record<string, unknown>)) headers[key] = String(value);
    const options = ((await ctx.renderRecursive(props.options ?? {})) ?? {}) as Record<string, unknown>;
    let body: string | undefined;
    if (props.formData) {
      const form = (await ctx.renderRecursive(props.formData)) as Record<string, unknown>;
      body = new URLSearchParams(Object.entries(form).map(([k, v]) => [k, String(v)])).toString();
      headers["Content-Type"] ??= "application/x-www-form-urlencoded";
    } else if (props.body !== undefined) {
      body = await ctx.render(props.body);
      headers["Content-Type"] ??= await ctx.render(props.contentType);
    }
    const authorization = authorizationOf(options);
    if (authorization && !Object.keys(headers).some((k) => k.toLowerCase() === "authorization")) headers.Authorization = authorization;
    const proxy = proxyOf(options);
    const response = await ctx.http({ url, method, headers, body, timeoutMs: timeoutOf(options), signal: ctx.signal, ...(proxy ? { proxy } : {}) });
    const allowFailed = (await truthy(ctx, options.allowFailed)) || (await truthy(ctx, props.allowFailed));
    if ((response.status < 200 || response.status >= 400) && !allowFailed) {
      throw new Error(`Failed http request with response code '${response.status}'`);
    }
    if ((await truthy(ctx, props.failOnEmptyResponse)) && response.body === "") {
      throw new Error("Http request returned an empty response");
    }
    ctx.logger.debug(`Request '${url}' with response code '${response.status}'`);
    return { outputs: { uri: url, code: response.status, headers: response.headers, body: response.body } };
  },
});

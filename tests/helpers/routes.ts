import fs from "node:fs";
import path from "node:path";

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

type RouteModule = Partial<Record<Method, (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>>>;

export type RouteFile = { pattern: string; file: string; methods: Method[]; module: RouteModule };

const API_ROOT = path.resolve(__dirname, "../../app/api/v1");

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/**
 * Every route file under app/api/v1 (relative pattern such as `[tenant]/roles/[id]`) with
 * the HTTP methods it exports. Tests built on this cover a new route as soon as it exists.
 */
export async function loadRoutes(filter: (pattern: string) => boolean): Promise<RouteFile[]> {
  const files = walk(API_ROOT).sort();
  const routes: RouteFile[] = [];
  for (const file of files) {
    const pattern = path.relative(API_ROOT, path.dirname(file)).split(path.sep).join("/");
    if (!filter(pattern)) continue;
    const handlers = (await import(file)) as RouteModule;
    const methods = METHODS.filter((m) => typeof handlers[m] === "function");
    routes.push({ pattern, file, methods, module: handlers });
  }
  return routes;
}

/** Calls a route handler the way Next.js does, with params filled into the pattern. */
export async function call(
  route: RouteFile,
  method: Method,
  opts: { params: Record<string, string>; auth?: string; body?: unknown; query?: string; rawBody?: string; contentType?: string },
) {
  const url = new URL(
    "http://localhost/api/v1/" + route.pattern.replace(/\[(\w+)\]/g, (_, k: string) => encodeURIComponent(opts.params[k] ?? `missing-${k}`)),
  );
  if (opts.query) url.search = opts.query;
  const headers = new Headers();
  if (opts.auth) headers.set("authorization", opts.auth);
  let body: string | undefined;
  let contentType = opts.contentType ?? "application/json";
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (typeof opts.body === "string") {
    body = opts.body;
    contentType = opts.contentType ?? "application/x-yaml";
  } else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers.set("content-type", contentType);
  const req = new Request(url, { method, headers, body });
  const res = await route.module[method]!(req, { params: Promise.resolve(opts.params) });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

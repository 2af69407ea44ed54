import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction, Socket } from "node:net";
import tls from "node:tls";
import ipaddr from "ipaddr.js";
import type { HttpClient, HttpProxy, HttpRequest, HttpResponse } from "@/engine/executor/services";
import { deniedRange, NetworkDenied, type NetworkPolicy } from "./policy";

/** Resolves a name to every address it has (dns.lookup's `all: true` shape). */
export type Resolver = (hostname: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

const MAX_REDIRECTS = 10;
/** A response body larger than this fails the task instead of filling the worker's memory. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The lookup the socket itself uses: every address a name resolves to is checked right
 * before the connection uses it, so a name cannot answer a public address to a check and
 * a private one to the connection (DNS rebinding).
 */
function guardedLookup(policy: NetworkPolicy, resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = typeof options === "object" && options ? options.family : undefined;
        const usable = addresses.filter((a) => !family || a.family === family);
        for (const a of usable) {
          const range = deniedRange(a.address, policy);
          if (range) return callback(new NetworkDenied(hostname, a.address, range), "", 0);
        }
        if (usable.length === 0) return callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), "", 0);
        if (typeof options === "object" && options?.all) return (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
        callback(null, usable[0].address, usable[0].family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, "", 0),
    );
  };
}

/** http: and https: only (no data:, file:, ...), and a literal address checked at once. */
function checkUrl(raw: string, policy: NetworkPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`Invalid URL '${raw}'`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`The URL scheme '${url.protocol.slice(0, -1)}' is not allowed: use http or https`);
  }
  // new URL() already turned 2130706433, 0x7f.1 and friends into dotted IPv4.
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (ipaddr.isValid(host)) {
    const range = deniedRange(host, policy);
    if (range) throw new NetworkDenied(host, host, range);
  }
  return url;
}

/** The proxy's own address passes the policy like any target: a proxy is not a way around it. */
function checkProxy(proxy: HttpProxy, policy: NetworkPolicy): URL {
  if (!Number.isInteger(proxy.port) || proxy.port < 1 || proxy.port > 65535) throw new Error(`Invalid proxy port '${proxy.port}'`);
  const host = proxy.host.includes(":") && !proxy.host.startsWith("[") ? `[${proxy.host}]` : proxy.host;
  return checkUrl(`http://${host}:${proxy.port}/`, policy);
}

function proxyAuthorization(proxy: HttpProxy): Record<string, string> {
  if (proxy.username === undefined) return {};
  return { "Proxy-Authorization": `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ""}`).toString("base64")}` };
}

/** An HTTPS target through an HTTP proxy: a CONNECT tunnel, then TLS to the target inside it. */
function tunnel(proxyUrl: URL, target: URL, proxy: HttpProxy, policy: NetworkPolicy, resolve: Resolver, signal?: AbortSignal): Promise<Socket> {
  return new Promise((done, fail) => {
    const authority = `${target.hostname}:${target.port || 443}`;
    const req = http.request(proxyUrl, {
      method: "CONNECT",
      path: authority,
      headers: { Host: authority, ...proxyAuthorization(proxy) },
      lookup: guardedLookup(policy, resolve),
      agent: false,
      signal,
    });
    req.on("connect", (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(new Error(`The proxy ${proxyUrl.host} refused the tunnel to ${authority} (HTTP ${res.statusCode})`));
        return;
      }
      done(socket);
    });
    req.on("error", fail);
    req.end();
  });
}

async function once(url: URL, request: HttpRequest, policy: NetworkPolicy, resolve: Resolver, body: string | undefined, method: string) {
  const proxy = request.proxy;
  if (!proxy) return exchange(url, request, policy, resolve, body, method);
  const proxyUrl = checkProxy(proxy, policy);
  if (url.protocol === "https:") {
    const socket = await tunnel(proxyUrl, url, proxy, policy, resolve, request.signal);
    const secure = tls.connect({ socket, servername: url.hostname.startsWith("[") ? undefined : url.hostname });
    return exchange(url, request, policy, resolve, body, method, { createConnection: () => secure });
  }
  // Plain HTTP: the request goes to the proxy with the absolute URL as its target.
  return exchange(proxyUrl, { ...request, headers: { Host: url.host, ...request.headers, ...proxyAuthorization(proxy) } }, policy, resolve, body, method, {
    path: url.href,
  });
}

function exchange(
  url: URL,
  request: HttpRequest,
  policy: NetworkPolicy,
  resolve: Resolver,
  body: string | undefined,
  method: string,
  extra: { path?: string; createConnection?: () => Socket } = {},
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((done, fail) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      { method, headers: request.headers, lookup: guardedLookup(policy, resolve), agent: false, signal: request.signal, ...extra },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy(new Error(`The response of '${url.href}' is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", fail);
      },
    );
    req.on("error", fail);
    req.end(body);
  });
}

/**
 * An HttpClient for one tenant: follows redirects itself so that every hop is checked
 * against the tenant's network policy, and connects only to addresses the policy allows.
 */
export function guardedHttp(policy: NetworkPolicy | (() => Promise<NetworkPolicy>), resolve: Resolver = systemResolver): HttpClient {
  return async (request) => {
    const current = typeof policy === "function" ? await policy() : policy;
    const signals = [request.signal, request.timeoutMs ? AbortSignal.timeout(request.timeoutMs) : undefined].filter(Boolean) as AbortSignal[];
    const signal = signals.length ? AbortSignal.any(signals) : undefined;
    let url = checkUrl(request.url, current);
    let method = request.method;
    let body = request.body;
    let headers = request.headers;
    for (let hop = 0; ; hop++) {
      const res = await once(url, { ...request, headers, signal }, current, resolve, body, method);
      const location = res.headers.location;
      if (res.status >= 300 && res.status < 400 && res.status !== 304 && location) {
        if (hop >= MAX_REDIRECTS) throw new Error(`Too many redirects (more than ${MAX_REDIRECTS}) from '${request.url}'`);
        const next = checkUrl(new URL(location, url).href, current);
        // Credentials go to the origin they were written for, not to wherever it redirects.
        if (next.origin !== url.origin) headers = withoutCredentials(headers);
        url = next;
        // As browsers and fetch do: 303 (and 301/302 after a POST) continue as a GET without body.
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
          method = method === "HEAD" ? "HEAD" : "GET";
          body = undefined;
          headers = Object.fromEntries(Object.entries(headers).filter(([k]) => !/^content-(type|length)$/i.test(k)));
        }
        continue;
      }
      return { status: res.status, headers: flatten(res.headers), body: res.body } satisfies HttpResponse;
    }
  };
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) out[key] = value;
  return out;
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !/^(authorization|cookie|proxy-authorization)$/i.test(k)));
}

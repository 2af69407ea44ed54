import { randomBytes } from "node:crypto";
import http from "node:http";
import ipaddr from "ipaddr.js";
import { networkPolicy, type NetworkPolicy } from "@/engine/net/policy";
import { env } from "@/lib/env";

/**
 * The address a request really came from. Next.js keeps a client's own
 * `X-Forwarded-For` and hides the socket from route handlers, so the server stamps each
 * request with its socket address under a per-process secret (installPeerStamp, from
 * instrumentation.ts) that no client can forge. Forwarding headers count only when that
 * socket belongs to a proxy listed in TRUSTED_PROXIES.
 */

export const PEER_HEADER = "x-switchyard-peer";

const state = globalThis as unknown as { __switchyardPeerSecret?: string; __switchyardPeerStamp?: boolean };

function peerSecret(): string {
  state.__switchyardPeerSecret ??= randomBytes(16).toString("hex");
  return state.__switchyardPeerSecret;
}

/** The header value the server stamps for a socket address (tests stamp their own). */
export function peerStamp(address: string): string {
  return `${peerSecret()} ${address}`;
}

/** Stamps every request of this process's HTTP servers with its socket address, replacing whatever the client sent. */
export function installPeerStamp() {
  if (state.__switchyardPeerStamp) return;
  state.__switchyardPeerStamp = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_HEADER] = peerStamp(req.socket.remoteAddress ?? "unknown");
    }
    return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
}

/** One spelling per address; every loopback address (127.0.0.1, ::1) is the same machine, so one key. */
function normalise(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  return ip.range() === "loopback" ? "loopback" : ip.toString();
}

function trustedBy(policy: NetworkPolicy, address: string): boolean {
  if (!ipaddr.isValid(address) || policy.allowed.length === 0) return false;
  const ip = ipaddr.process(address);
  return policy.allowed.some(([range, bits]) => {
    const r = range.kind() === "ipv6" && (range as ipaddr.IPv6).isIPv4MappedAddress() ? (range as ipaddr.IPv6).toIPv4Address() : range;
    return r.kind() === ip.kind() && ip.match(r, r === range ? bits : bits - 96);
  });
}

let trustedCache: { source: readonly string[]; policy: NetworkPolicy } | undefined;

function trustedProxies(list: readonly string[]): NetworkPolicy {
  if (trustedCache?.source !== list) trustedCache = { source: list, policy: networkPolicy(list) };
  return trustedCache.policy;
}

/**
 * The client's address: the stamped socket address, or, when that socket is a trusted
 * proxy, the last address in X-Forwarded-For that is not itself a trusted proxy.
 * "unknown" when the request carries no genuine stamp.
 */
export function clientAddress(headers: Headers, trusted: readonly string[] = env().TRUSTED_PROXIES): string {
  const stamp = headers.get(PEER_HEADER) ?? "";
  const secret = peerSecret();
  if (!stamp.startsWith(`${secret} `)) return "unknown";
  const peer = stamp.slice(secret.length + 1);
  const policy = trustedProxies(trusted);
  if (!trustedBy(policy, peer)) return normalise(peer);
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trustedBy(policy, hops[i]) || i === 0) return normalise(hops[i]);
  }
  return normalise(peer);
}

import ipaddr from "ipaddr.js";

/**
 * Which addresses a tenant's tasks may reach. Public unicast addresses are open to all;
 * loopback, private, link-local (cloud metadata), unspecified, multicast and the other
 * special ranges are closed unless a superadmin listed a range for the tenant in
 * `TenantSettings.allowedNetworks`. The check runs on the address a connection is about
 * to use, never on the name alone.
 */
export type NetworkPolicy = { allowed: ReadonlyArray<[ipaddr.IPv4 | ipaddr.IPv6, number]> };

export const DEFAULT_POLICY: NetworkPolicy = { allowed: [] };

/** Parses one CIDR (`10.1.0.0/16`, `fd00::/8`) or a bare address (a /32 or /128). */
function parseNetwork(value: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const text = value.trim();
  if (text.includes("/")) return ipaddr.parseCIDR(text);
  const address = ipaddr.parse(text);
  return [address, address.kind() === "ipv4" ? 32 : 128];
}

/** Whether a string is a valid `allowedNetworks` entry. */
export function isNetwork(value: string): boolean {
  try {
    parseNetwork(value);
    return true;
  } catch {
    return false;
  }
}

export function networkPolicy(allowedNetworks: readonly string[] | undefined): NetworkPolicy {
  const allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const entry of allowedNetworks ?? []) {
    // A bad entry was refused when saved; one that slipped in must not widen anything.
    if (isNetwork(entry)) allowed.push(parseNetwork(entry));
  }
  return { allowed };
}

/** `::ffff:127.0.0.1` is 127.0.0.1: judge the IPv4 address it carries. */
function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/** null when the address may be reached, else the name of the range that closes it. */
export function deniedRange(address: string, policy: NetworkPolicy): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  const ip = normalise(ipaddr.parse(address));
  for (const [range, bits] of policy.allowed) {
    const candidate = normalise(range);
    if (candidate.kind() === ip.kind() && ip.match(candidate, candidate.kind() === range.kind() ? bits : bits - 96)) return null;
  }
  const kind = ip.range();
  return kind === "unicast" ? null : kind;
}

export class NetworkDenied extends Error {
  constructor(host: string, address: string, range: string) {
    super(
      `Access to ${host}${host === address ? "" : ` (${address})`} is denied: ${range} addresses are not reachable from tasks ` +
        `(a superadmin may allow a range in the tenant's settings, allowedNetworks)`,
    );
    this.name = "NetworkDenied";
  }
}

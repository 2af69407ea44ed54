import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedHttp, type Resolver } from "./http";
import { DEFAULT_POLICY, deniedRange, networkPolicy } from "./policy";

/**
 * The probe of issue 10 (finding 3): http.Request reached the instance's own services at
 * 127.0.0.1, [::1], 2130706433, localhost and through data: URLs. Each must be refused,
 * at connect time and on every redirect hop, unless a superadmin allowed the range.
 */

type Server = { server: http.Server; port: number; hits: number };

async function listen(host: string, handler: http.RequestListener, port = 0): Promise<Server> {
  const state: Server = { server: http.createServer(), port: 0, hits: 0 };
  state.server.on("request", (req, res) => {
    state.hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    state.server.once("error", reject);
    state.server.listen(port, host, resolve);
  });
  state.port = (state.server.address() as AddressInfo).port;
  return state;
}

const get = (url: string) => ({ url, method: "GET", headers: {} });

let secret: Server; // the instance's own service, on loopback
let allowed: Server; // a service on 127.0.0.2, which one tenant is allowed to reach
let secretV6: Server | undefined;

beforeAll(async () => {
  secret = await listen("127.0.0.1", (_req, res) => res.end("secret"));
  allowed = await listen("127.0.0.2", (req, res) => {
    if (req.url === "/to-secret") {
      res.writeHead(302, { location: `http://127.0.0.1:${secret.port}/api/health` }).end();
    } else if (req.url === "/to-self") {
      res.writeHead(301, { location: "/hello" }).end();
    } else res.end(`hello from ${req.url}`);
  });
  try {
    secretV6 = await listen("::1", (_req, res) => res.end("secret v6"));
  } catch {
    secretV6 = undefined; // no IPv6 loopback on this machine
  }
});

afterAll(() => {
  for (const s of [secret, allowed, secretV6]) s?.server.close();
});

describe("the network policy", () => {
  it("denies loopback, private, link-local, unspecified and mapped addresses by default", () => {
    for (const address of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "100.64.0.1", "224.0.0.1"]) {
      expect(deniedRange(address, DEFAULT_POLICY), address).not.toBeNull();
    }
    for (const address of ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"]) {
      expect(deniedRange(address, DEFAULT_POLICY), address).toBeNull();
    }
  });

  it("opens exactly the ranges a superadmin listed", () => {
    const policy = networkPolicy(["10.20.0.0/16", "127.0.0.2", "not a range"]);
    expect(deniedRange("10.20.3.4", policy)).toBeNull();
    expect(deniedRange("::ffff:10.20.3.4", policy)).toBeNull();
    expect(deniedRange("10.21.0.1", policy)).toBe("private");
    expect(deniedRange("127.0.0.2", policy)).toBeNull();
    expect(deniedRange("127.0.0.1", policy)).toBe("loopback");
  });
});

describe("guardedHttp, attacked as the probe did", () => {
  const client = guardedHttp(DEFAULT_POLICY);

  it("refuses the instance's own loopback services however the address is written", async () => {
    for (const url of [
      `http://127.0.0.1:${secret.port}/api/health`,
      `http://2130706433:${secret.port}/api/health`,
      `http://0x7f.1:${secret.port}/api/health`,
      `http://localhost:${secret.port}/api/auth/providers`,
      `http://[::ffff:127.0.0.1]:${secret.port}/`,
      `http://0.0.0.0:${secret.port}/`,
    ]) {
      await expect(client(get(url)), url).rejects.toThrow(/is denied: (loopback|unspecified|ipv4Mapped) addresses/);
    }
    if (secretV6) await expect(client(get(`http://[::1]:${secretV6.port}/`))).rejects.toThrow(/loopback addresses/);
    expect(secret.hits).toBe(0);
    expect(secretV6?.hits ?? 0).toBe(0);
  });

  it("refuses cloud metadata and private addresses, and schemes other than http(s)", async () => {
    await expect(client(get("http://169.254.169.254/latest/meta-data/"))).rejects.toThrow(/linkLocal addresses/);
    await expect(client(get("http://10.0.0.1/"))).rejects.toThrow(/private addresses/);
    await expect(client(get("data:text/plain,hello"))).rejects.toThrow(/scheme 'data' is not allowed/);
    await expect(client(get("file:///etc/passwd"))).rejects.toThrow(/scheme 'file' is not allowed/);
  });

  it("checks the address the socket connects to, not an earlier answer (DNS rebinding)", async () => {
    // A name that answers an allowed address first and the loopback service after.
    let calls = 0;
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: "127.0.0.2", family: 4 }] : [{ address: "127.0.0.1", family: 4 }]);
    const tenant = guardedHttp(networkPolicy(["127.0.0.2/32"]), rebinding);
    const first = await tenant(get(`http://rebind.test:${allowed.port}/one`));
    expect(first.body).toBe("hello from /one");
    await expect(tenant(get(`http://rebind.test:${secret.port}/two`))).rejects.toThrow(/rebind\.test \(127\.0\.0\.1\) is denied/);
    expect(secret.hits).toBe(0);
  });

  it("checks every redirect hop", async () => {
    const tenant = guardedHttp(networkPolicy(["127.0.0.2/32"]));
    const ok = await tenant(get(`http://127.0.0.2:${allowed.port}/to-self`));
    expect(ok).toMatchObject({ status: 200, body: "hello from /hello" });
    await expect(tenant(get(`http://127.0.0.2:${allowed.port}/to-secret`))).rejects.toThrow(/127\.0\.0\.1 is denied: loopback/);
    expect(secret.hits).toBe(0);
  });

  it("lets a tenant whose superadmin allowed loopback reach it", async () => {
    const tenant = guardedHttp(networkPolicy(["127.0.0.0/8"]));
    const res = await tenant(get(`http://localhost:${secret.port}/api/health`));
    expect(res).toMatchObject({ status: 200, body: "secret" });
  });
});

describe("an HTTP proxy (http.Request options.proxy)", () => {
  // A stand-in proxy on 127.0.0.3: it answers itself, showing what it was asked.
  let proxy: Server;
  beforeAll(async () => {
    proxy = await listen("127.0.0.3", (req, res) => res.end(`via proxy: ${req.url} auth=${req.headers["proxy-authorization"] ?? "none"} host=${req.headers.host}`));
  });
  afterAll(() => proxy.server.close());

  it("opens a CONNECT tunnel for an https URL, and reports a refused tunnel clearly", async () => {
    const asked: string[] = [];
    proxy.server.once("connect", (req, socket) => {
      asked.push(`${req.url} ${req.headers["proxy-authorization"] ?? "none"}`);
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    });
    const client = guardedHttp(networkPolicy(["127.0.0.3"]));
    await expect(client({ ...get("https://example.test/x"), proxy: { host: "127.0.0.3", port: proxy.port, username: "u" } })).rejects.toThrow(
      "The proxy 127.0.0.3:" + proxy.port + " refused the tunnel to example.test:443 (HTTP 403)",
    );
    expect(asked).toEqual([`example.test:443 Basic ${Buffer.from("u:").toString("base64")}`]);
  });

  it("sends the absolute URL to the proxy, with its credentials, when the policy allows the proxy's address", async () => {
    const client = guardedHttp(networkPolicy(["127.0.0.3"]));
    const res = await client({ ...get("http://example.test/path?q=1"), proxy: { host: "127.0.0.3", port: proxy.port, username: "u", password: "p" } });
    expect(res.body).toBe(`via proxy: http://example.test/path?q=1 auth=Basic ${Buffer.from("u:p").toString("base64")} host=example.test`);
  });

  it("refuses a proxy whose address the policy closes, by literal address or by name, before connecting", async () => {
    const before = proxy.hits;
    const client = guardedHttp(DEFAULT_POLICY, async () => [{ address: "127.0.0.3", family: 4 }]);
    await expect(client({ ...get("http://example.test/"), proxy: { host: "127.0.0.3", port: proxy.port } })).rejects.toThrow(/denied/);
    await expect(client({ ...get("http://example.test/"), proxy: { host: "proxy.internal", port: proxy.port } })).rejects.toThrow(/denied/);
    expect(proxy.hits).toBe(before);
  });
});

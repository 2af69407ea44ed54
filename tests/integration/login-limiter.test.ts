import { beforeAll, describe, expect, test } from "vitest";
import { clientAddress, PEER_HEADER, peerStamp } from "@/lib/auth/peer";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS } from "@/lib/auth/credentials";
import { loadRoutes, type RouteFile } from "../helpers/routes";
import { basicAuth, seedUser, TEST_PASSWORD } from "../helpers/seed";

/**
 * Issue 10, finding 4, attacked as the probe did: ten failed Basic sign-ins for bob, each
 * claiming another `X-Forwarded-For`, locked bob (or the superadmin) for 15 minutes.
 * Requests here carry the socket stamp the server adds (instrumentation.ts), as a real
 * request through `next start` does.
 */

let me: RouteFile;
beforeAll(async () => {
  [me] = await loadRoutes((p) => p === "me");
});

async function getMe(auth: string, socket: string, extra: Record<string, string> = {}) {
  const headers = new Headers({ authorization: auth, [PEER_HEADER]: peerStamp(socket), ...extra });
  const res = await me.module.GET!(new Request("http://localhost/api/v1/me", { headers }), { params: Promise.resolve({}) });
  return res.status;
}

const wrong = (email: string) => `Basic ${Buffer.from(`${email}:not-the-password`).toString("base64")}`;

describe("the sign-in limiter", () => {
  test("a stranger's failures with forged X-Forwarded-For never lock bob or the superadmin", async () => {
    const bob = await seedUser();
    const root = await seedUser({ superAdmin: true });
    const stranger = "203.0.113.9";
    for (const victim of [bob, root]) {
      for (let n = 0; n < MAX_FAILURES_PER_ACCOUNT + 2; n++) {
        const status = await getMe(wrong(victim.email), stranger, { "x-forwarded-for": `10.0.0.${n}` });
        expect([401, 429]).toContain(status);
      }
      // The stranger's address now waits, whatever it claims to forward for...
      expect(await getMe(basicAuth(victim.email), stranger, { "x-forwarded-for": "10.0.0.200" })).toBe(429);
      // ...and the account's owner, from their own address, signs in.
      expect(await getMe(basicAuth(victim.email, TEST_PASSWORD), "198.51.100.7")).toBe(200);
    }
  });

  test("an address that fails across many accounts backs off for all of them", async () => {
    const users = await Promise.all([seedUser(), seedUser()]);
    const sprayer = "203.0.113.77";
    for (let n = 0; n < MAX_FAILURES_PER_ADDRESS; n++) {
      await getMe(wrong(`nobody-${n}@example.test`), sprayer);
    }
    expect(await getMe(basicAuth(users[0].email), sprayer)).toBe(429);
    expect(await getMe(basicAuth(users[1].email), "198.51.100.8")).toBe(200);
  });
});

describe("clientAddress", () => {
  const stamped = (socket: string, xff?: string) => new Headers({ [PEER_HEADER]: peerStamp(socket), ...(xff ? { "x-forwarded-for": xff } : {}) });

  test("ignores X-Forwarded-For unless the socket is a trusted proxy", () => {
    expect(clientAddress(stamped("203.0.113.9", "10.0.0.1"), [])).toBe("203.0.113.9");
    expect(clientAddress(stamped("::ffff:203.0.113.9", "10.0.0.1"), ["10.0.0.0/8"])).toBe("203.0.113.9");
    expect(clientAddress(stamped("10.0.0.2", "198.51.100.1, 203.0.113.5"), ["10.0.0.0/8"])).toBe("203.0.113.5");
    // A chain of trusted proxies: the first hop from the right that is not one of them.
    expect(clientAddress(stamped("10.0.0.2", "spoofed, 198.51.100.1, 10.0.0.3"), ["10.0.0.0/8"])).toBe("198.51.100.1");
  });

  test("every loopback address is one client (127.0.0.1 and ::1 are the same machine)", () => {
    expect(clientAddress(stamped("127.0.0.1"), [])).toBe(clientAddress(stamped("::1"), []));
    // A proxy on the same machine is still trusted by its address.
    expect(clientAddress(stamped("127.0.0.1", "198.51.100.4"), ["127.0.0.1"])).toBe("198.51.100.4");
  });

  test("a stamp the client wrote itself is not believed", () => {
    expect(clientAddress(new Headers({ [PEER_HEADER]: "guess 10.0.0.1", "x-forwarded-for": "10.0.0.1" }), ["10.0.0.0/8"])).toBe("unknown");
  });
});

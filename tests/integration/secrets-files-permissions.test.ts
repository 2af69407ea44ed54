import { beforeAll, describe, expect, test, vi } from "vitest";
import { withTenant } from "@/db/tenant";
import { createBinding, grantTenantAccess } from "@/db/queries/access";
import { upsertSecret } from "@/db/queries/secrets";
import { allows, MANAGED_ROLES, type Action, type Resource } from "@/lib/permissions";
import { sealSecret } from "@/lib/secrets/crypto-store";
import { storeNamespaceFile } from "@/lib/namespace-files/store";
import { newId } from "@/lib/ids";
import { call, loadRoutes, type Method, type RouteFile } from "../helpers/routes";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";

/**
 * The permission matrix of issue 12's resources: each managed role × every SECRET and
 * namespace-file (NAMESPACE) action, through the API and the server actions, for a role
 * over the whole tenant and for one scoped to a namespace (allowed there, refused next door).
 * What is expected comes from the roles' definitions (lib/permissions.ts).
 */
type SessionUser = { id: string; email: string; name: string; superAdmin: boolean };
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/ui/session", () => ({ currentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, refresh: () => {} }));

const secretActions = await import("@/lib/actions/secrets");
const fileActions = await import("@/lib/actions/namespace-files");

let tenant: string;
let routes: Record<string, RouteFile>;

beforeAll(async () => {
  tenant = (await seedTenant()).id;
  const all = await loadRoutes((p) => p.startsWith("[tenant]/namespaces/[namespace]/"));
  routes = Object.fromEntries(all.map((r) => [r.pattern.replace("[tenant]/namespaces/[namespace]/", ""), r]));
});

async function freshSecret(namespace: string) {
  const key = `S_${newId(8)}`;
  const where = { tenantId: tenant, namespace, key };
  await withTenant({ tenantId: tenant }, async (tx) => upsertSecret(tx, { ...where, value: await sealSecret(tx, where, "v4lue"), description: null, tags: [] }));
  return key;
}
async function freshFile(namespace: string) {
  const path = `/f-${newId(8)}.txt`;
  await withTenant({ tenantId: tenant }, (tx) => storeNamespaceFile(tx, tenant, namespace, path, Buffer.from("x")));
  return path;
}

type Op = { name: string; needs: [Resource, Action]; api: (ns: string) => Promise<{ route: string; method: Method; params?: Record<string, string>; query?: string; body?: unknown; rawBody?: string }>; action?: (ns: string) => Promise<{ fn: (input: unknown) => Promise<{ ok: boolean; error?: string }>; input: Record<string, unknown> }> };

const OPS: Op[] = [
  { name: "list secrets", needs: ["SECRET", "READ"], api: async () => ({ route: "secrets", method: "GET" }) },
  {
    name: "create a secret",
    needs: ["SECRET", "CREATE"],
    api: async () => ({ route: "secrets", method: "PUT", body: { key: `S_${newId(8)}`, value: "v4lue" } }),
    action: async (ns) => ({ fn: secretActions.saveSecret as never, input: { namespace: ns, key: `S_${newId(8)}`, value: "v4lue" } }),
  },
  { name: "change a secret", needs: ["SECRET", "UPDATE"], api: async (ns) => ({ route: "secrets/[key]", method: "PATCH", params: { key: await freshSecret(ns) }, body: { value: "n3w-value" } }) },
  {
    name: "delete a secret",
    needs: ["SECRET", "DELETE"],
    api: async (ns) => ({ route: "secrets/[key]", method: "DELETE", params: { key: await freshSecret(ns) } }),
    action: async (ns) => ({ fn: secretActions.deleteSecretAction as never, input: { namespace: ns, key: await freshSecret(ns) } }),
  },
  { name: "read a file", needs: ["NAMESPACE", "READ"], api: async (ns) => ({ route: "files", method: "GET", query: `path=${await freshFile(ns)}` }) },
  { name: "list files", needs: ["NAMESPACE", "READ"], api: async () => ({ route: "files/directory", method: "GET" }) },
  {
    name: "upload a file",
    needs: ["NAMESPACE", "CREATE"],
    api: async () => ({ route: "files", method: "POST", query: `path=/n-${newId(8)}.txt`, rawBody: "x" }),
    action: async (ns) => ({ fn: fileActions.saveNamespaceFile as never, input: { namespace: ns, path: `/n-${newId(8)}.txt`, content: "x" } }),
  },
  {
    name: "move a file",
    needs: ["NAMESPACE", "UPDATE"],
    api: async (ns) => ({ route: "files", method: "PUT", query: `from=${await freshFile(ns)}&to=/m-${newId(8)}.txt` }),
    action: async (ns) => ({ fn: fileActions.moveNamespaceFileAction as never, input: { namespace: ns, from: await freshFile(ns), to: `/m-${newId(8)}.txt` } }),
  },
  {
    name: "delete a file",
    needs: ["NAMESPACE", "DELETE"],
    api: async (ns) => ({ route: "files", method: "DELETE", query: `path=${await freshFile(ns)}` }),
    action: async (ns) => ({ fn: fileActions.deleteNamespaceFileAction as never, input: { namespace: ns, path: await freshFile(ns) } }),
  },
];

async function member(roleId: string, namespace: string | null) {
  const user = await seedUser();
  await withTenant({ tenantId: tenant }, async (tx) => {
    await grantTenantAccess(tx, { tenantId: tenant, userId: user.id });
    await createBinding(tx, { tenantId: tenant, type: "USER", externalId: user.id, roleId, namespaceId: namespace });
  });
  return user;
}

describe.each(MANAGED_ROLES.map((r) => [r.id, r.permissions] as const))("role %s", (roleId, permissions) => {
  const grants = [{ permissions, namespace: null }];
  test.each(OPS.map((op) => [op.name, op] as const))("%s: API and server action follow the role", async (_name, op) => {
    const user = await member(roleId, null);
    const allowed = allows(grants, ...op.needs, "perm.ns");
    const req = await op.api("perm.ns");
    const res = await call(routes[req.route], req.method, {
      params: { tenant, namespace: "perm.ns", ...req.params },
      auth: basicAuth(user.email),
      query: req.query,
      body: req.body,
      rawBody: req.rawBody,
      contentType: req.rawBody === undefined ? undefined : "text/plain",
    });
    if (allowed) expect(res.status, `${op.name}: ${res.text}`).toBeLessThan(300);
    else expect(res.status, `${op.name}: ${res.text}`).toBe(403);
    if (op.action) {
      const { fn, input } = await op.action("perm.ns");
      session.user = { id: user.id, email: user.email, name: user.email, superAdmin: false };
      const result = await fn({ tenantId: tenant, ...input });
      expect(result.ok, `${op.name} (action): ${result.error}`).toBe(allowed);
      if (!allowed) expect(result.error).toContain(`${op.needs[0]}:${op.needs[1]}`);
    }
  });

  test("scoped to one namespace: allowed in it and its children, refused next door", async () => {
    const user = await member(roleId, "scoped");
    for (const op of OPS) {
      for (const [ns, inside] of [["scoped.child", true], ["elsewhere", false]] as const) {
        const allowed = inside && allows(grants, ...op.needs, ns);
        const req = await op.api(ns);
        const res = await call(routes[req.route], req.method, {
          params: { tenant, namespace: ns, ...req.params },
          auth: basicAuth(user.email),
          query: req.query,
          body: req.body,
          rawBody: req.rawBody,
          contentType: req.rawBody === undefined ? undefined : "text/plain",
        });
        if (allowed) expect(res.status, `${op.name} in ${ns}: ${res.text}`).toBeLessThan(300);
        else expect(res.status, `${op.name} in ${ns}: ${res.text}`).toBe(403);
      }
    }
  });
});

import { beforeAll, describe, expect, test, vi } from "vitest";
import { withTenant } from "@/db/tenant";
import { findAuditLogs, findBindings, getTenantAccess } from "@/db/queries/access";
import { seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";

/**
 * The server-action wrapper (lib/actions/wrapper.ts) checks again what the pages only
 * hide: tenant access, the permission, the input; and mutations land with their audit
 * entry. The signed-in user is stubbed; everything below it is real.
 */
type SessionUser = { id: string; email: string; name: string; superAdmin: boolean };
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/ui/session", () => ({ currentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, refresh: () => {} }));

const { grantAccess, addBinding } = await import("@/lib/actions/access");
const { createTenant } = await import("@/lib/actions/tenants");

const as = (u: { id: string; email: string; superAdmin: boolean }) => {
  session.user = { id: u.id, email: u.email, name: u.email, superAdmin: u.superAdmin };
};

let tenant: string;
let other: string;
let admin: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;
let newcomer: Awaited<ReturnType<typeof seedUser>>;
let superadmin: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  tenant = (await seedTenant(uniqueTenantId("ui-a"))).id;
  other = (await seedTenant(uniqueTenantId("ui-b"))).id;
  admin = await seedUser({ access: [tenant], roles: { [tenant]: "admin" } });
  viewer = await seedUser({ access: [tenant], roles: { [tenant]: "viewer" } });
  newcomer = await seedUser();
  superadmin = await seedUser({ superAdmin: true });
});

describe("tenant server actions", () => {
  test("signed out: refused", async () => {
    session.user = null;
    const result = await grantAccess({ tenantId: tenant, email: newcomer.email });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/sign in/i) });
  });

  test("a viewer cannot grant access, whatever the page showed", async () => {
    as(viewer);
    const result = await grantAccess({ tenantId: tenant, email: newcomer.email });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("TENANT_ACCESS:CREATE") });
    expect(await withTenant({ tenantId: tenant }, (tx) => getTenantAccess(tx, { userId: newcomer.id }))).toBeNull();
  });

  test("a tenant the caller cannot enter looks unknown", async () => {
    as(admin);
    const result = await addBinding({ tenantId: other, userId: admin.id, roleId: "admin" });
    expect(result).toEqual({ ok: false, error: "Tenant not found or you have no access." });
    const bindings = await withTenant({ tenantId: other }, (tx) => findBindings(tx, { page: 1, size: 10 }));
    expect(bindings.total).toBe(0);
  });

  test("bad input names the field and writes nothing", async () => {
    as(admin);
    const form = new FormData();
    form.set("tenantId", tenant);
    form.set("email", "not-an-email");
    const result = await grantAccess(null, form);
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: expect.any(String) } });
  });

  test("a tenant admin cannot add an account directly (issue 10, finding 6): they invite", async () => {
    as(admin);
    const result = await grantAccess({ tenantId: tenant, email: newcomer.email });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("invite") });
    expect(await withTenant({ tenantId: tenant }, (tx) => getTenantAccess(tx, { userId: newcomer.id }))).toBeNull();
  });

  test("a superadmin grants access with a role; both are audited in the same tenant", async () => {
    as(superadmin);
    const form = new FormData();
    form.set("tenantId", tenant);
    form.set("email", newcomer.email.toUpperCase());
    form.set("roleId", "launcher");
    form.set("namespaceId", "company.team");
    const result = await grantAccess(null, form);
    expect(result).toMatchObject({ ok: true, data: { email: newcomer.email, created: true } });

    const { access, bindings, audit } = await withTenant({ tenantId: tenant }, async (tx) => ({
      access: await getTenantAccess(tx, { userId: newcomer.id }),
      bindings: (await findBindings(tx, { page: 1, size: 10, externalId: newcomer.id })).results,
      audit: (await findAuditLogs(tx, { page: 1, size: 10 })).results,
    }));
    expect(access?.email).toBe(newcomer.email);
    expect(bindings).toMatchObject([{ roleId: "launcher", namespaceId: "company.team" }]);
    expect(audit.filter((e) => e.actorId === superadmin.id).map((e) => e.resourceType).sort()).toEqual(["BINDING", "TENANT_ACCESS"]);
  });
});

describe("superadmin server actions", () => {
  test("refused to anyone else", async () => {
    as(admin);
    const result = await createTenant({ id: uniqueTenantId("nope"), name: "Nope", color: "#dc2626" });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/superadmin/i) });
  });
});

import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** Seeding through the REST API as the e2e superadmin, and signing in without the form. */

export const admin = { email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! };

/** A per-run unique, tenant-id-safe name. */
export function uniq(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const basic = (who: { email: string; password: string }) => `Basic ${Buffer.from(`${who.email}:${who.password}`).toString("base64")}`;

export type SeededTenant = { id: string; name: string; color: string };
export type SeededUser = { id: string; email: string; password: string };

export class Api {
  constructor(
    private readonly request: APIRequestContext,
    private readonly as = admin,
  ) {}

  async call<T = unknown>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, data?: unknown): Promise<T> {
    const res = await this.request.fetch(path, { method, data, headers: { Authorization: basic(this.as) } });
    expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
    return (res.status() === 204 ? undefined : await res.json()) as T;
  }

  async tenant(input: Partial<SeededTenant> = {}): Promise<SeededTenant> {
    const id = input.id ?? uniq("t");
    const body = { id, name: input.name ?? `Tenant ${id.slice(-6)}`, color: input.color ?? "#0f766e" };
    await this.call("POST", "/api/v1/tenants", body);
    return body;
  }

  async user(input: Partial<Omit<SeededUser, "id">> & { firstName?: string } = {}): Promise<SeededUser> {
    const email = input.email ?? `${uniq("user")}@switchyard.test`;
    const password = input.password ?? "user-password-1";
    const created = await this.call<{ id: string }>("POST", "/api/v1/users", { email, password, firstName: input.firstName ?? "E2E" });
    return { id: created.id, email, password };
  }

  /** Access to the tenant plus a role binding (managed role ids: admin, editor, launcher, viewer). */
  async grant(tenantId: string, user: SeededUser, roleId: string | null = "editor") {
    await this.call("POST", `/api/v1/${tenantId}/tenant-access`, { userId: user.id });
    if (roleId) await this.call("POST", `/api/v1/${tenantId}/bindings`, { type: "USER", externalId: user.id, roleId });
  }
}

/** Signs the page's browser context in through Auth.js's credentials endpoint (cal.com's apiLogin). */
export async function apiLogin(page: Page, who: { email: string; password: string }) {
  const csrf = await page.request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await page.request.post("/api/auth/callback/credentials", {
    form: { email: who.email, password: who.password, csrfToken, callbackUrl: "/ui" },
    maxRedirects: 0,
  });
  expect(res.status(), "credentials callback").toBeLessThan(400);
  expect(res.headers().location ?? "", "sign-in must not redirect to an error").not.toContain("error=");
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith("authjs.session-token")), "session cookie").toBe(true);
}

/** Opens the tenant switcher and returns the tenant ids it lists. */
export async function switcherTenantIds(page: Page): Promise<string[]> {
  await page.getByTestId("tenant-switcher").click();
  const list = page.getByRole("listbox", { name: "Tenants" });
  await expect(list).toBeVisible();
  return list.getByRole("option").evaluateAll((els) => els.map((e) => e.getAttribute("data-tenant-id") ?? ""));
}

export const NOT_FOUND_TEXT = "Tenant not found or you have no access";

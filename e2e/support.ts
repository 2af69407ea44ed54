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

/** Seeding executions through the REST API as the e2e superadmin (the engine runs in the server). */
export type ApiExecution = {
  id: string;
  namespace: string;
  flowId: string;
  state: { current: string; histories: { state: string }[] };
  labels?: { key: string; value: string }[] | null;
  parentId?: string | null;
  taskRunList: { id: string; taskId: string; state: { current: string }; attempts?: unknown[] | null }[];
};

export const adminAuth = { Authorization: basic(admin) };

export async function postFlow(request: APIRequestContext, tenantId: string, source: string) {
  const res = await request.post(`/api/v1/${tenantId}/flows`, { data: source, headers: { ...adminAuth, "Content-Type": "application/x-yaml" } });
  expect(res.status(), await res.text()).toBe(201);
}

export async function startExecution(request: APIRequestContext, tenantId: string, namespace: string, flowId: string): Promise<ApiExecution> {
  const res = await request.post(`/api/v1/${tenantId}/executions/${namespace}/${flowId}`, { multipart: {}, headers: adminAuth });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as ApiExecution;
}

export async function getExecution(request: APIRequestContext, tenantId: string, id: string): Promise<{ status: number; execution: ApiExecution | null }> {
  const res = await request.get(`/api/v1/${tenantId}/executions/${id}`, { headers: adminAuth });
  return { status: res.status(), execution: res.ok() ? ((await res.json()) as ApiExecution) : null };
}

/** Polls the execution until it is in one of `states` (15 s at most). */
export async function waitForState(request: APIRequestContext, tenantId: string, id: string, states: string[]): Promise<ApiExecution> {
  let last = "";
  for (let i = 0; i < 75; i++) {
    const { execution } = await getExecution(request, tenantId, id);
    last = execution?.state.current ?? "missing";
    if (execution && states.includes(last)) return execution;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`execution ${id} never reached ${states.join("/")} (last: ${last})`);
}

/** The execution's log messages, from the REST API. */
export async function logMessages(request: APIRequestContext, tenantId: string, id: string): Promise<string[]> {
  const res = await request.get(`/api/v1/${tenantId}/logs/${id}`, { headers: adminAuth });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { message: string }[]).map((l) => l.message);
}

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Api, admin, apiLogin } from "./support";

/**
 * The execution pages: the list (filters in the URL, live rows), the execution page and
 * its tabs (live while running), the run form, kill, and tenant isolation of ids.
 * Screenshots of each tab at desktop and phone size land in e2e/artifacts/.
 */

const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

const auth = { Authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}` };

type Execution = { id: string; namespace: string; flowId: string; state: { current: string } };

async function postFlow(request: APIRequestContext, tenantId: string, source: string) {
  const res = await request.post(`/api/v1/${tenantId}/flows`, { data: source, headers: { ...auth, "Content-Type": "application/x-yaml" } });
  expect(res.status(), await res.text()).toBe(201);
}

async function start(request: APIRequestContext, tenantId: string, namespace: string, flowId: string, inputs: Record<string, string> = {}): Promise<Execution> {
  const res = await request.post(`/api/v1/${tenantId}/executions/${namespace}/${flowId}`, { multipart: inputs, headers: auth });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as Execution;
}

async function waitFor(request: APIRequestContext, tenantId: string, id: string, states: string[]): Promise<Execution> {
  for (let i = 0; i < 150; i++) {
    const res = await request.get(`/api/v1/${tenantId}/executions/${id}`, { headers: auth });
    const e = (await res.json()) as Execution;
    if (states.includes(e.state.current)) return e;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`execution ${id} never reached ${states.join("/")}`);
}

const href = (tenantId: string, e: Execution, tab = "") => `/ui/${tenantId}/executions/${e.namespace}/${e.flowId}/${e.id}${tab ? `/${tab}` : ""}`;

async function shoot(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });
}

const logFlow = (id: string, ns: string) => `id: ${id}
namespace: ${ns}
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: Hello from ${id}
`;

const sleepFlow = (id: string, ns: string, duration = "PT3S") => `id: ${id}
namespace: ${ns}
labels:
  team: data
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: ${duration}
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "report line 1\\nreport line 2"
    extension: .txt
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: Slept well in ${id}
`;

test.describe("executions", () => {
  test("a deep link to an execution opened while signed out lands on it after login", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    const user = await api.user();
    await api.grant(tenant.id, user, "admin");
    await postFlow(request, tenant.id, logFlow("hello", "company.team"));
    const e = await start(request, tenant.id, "company.team", "hello");
    await waitFor(request, tenant.id, e.id, ["SUCCESS"]);

    await page.goto(href(tenant.id, e, "logs"));
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(href(tenant.id, e, "logs"));
    await expect(page.getByTestId("execution-id")).toHaveText(e.id);
    await expect(page.getByTestId("log-line").filter({ hasText: "Hello from hello" })).toBeVisible();
  });

  test("a running execution turns SUCCESS on screen without a reload: gantt, logs, topology", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(request, tenant.id, sleepFlow("napper", "company.team"));
    await apiLogin(page, admin);

    // Gantt
    const a = await start(request, tenant.id, "company.team", "napper");
    await page.goto(href(tenant.id, a, "gantt"));
    await expect(page.getByTestId("execution-state")).not.toHaveAttribute("data-state", "SUCCESS");
    await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "SUCCESS", { timeout: 20_000 });
    await expect(page.locator('[data-testid="gantt-row"][data-state="SUCCESS"]')).toHaveCount(3);

    // Logs: the last line arrives over SSE after the sleep
    const b = await start(request, tenant.id, "company.team", "napper");
    await page.goto(href(tenant.id, b, "logs"));
    await expect(page.getByTestId("log-line").filter({ hasText: "Slept well" })).toHaveCount(0);
    await expect(page.getByTestId("log-line").filter({ hasText: "Slept well in napper" })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("log-status")).toHaveAttribute("data-status", "ended");

    // Topology
    const c = await start(request, tenant.id, "company.team", "napper");
    await page.goto(href(tenant.id, c, "topology"));
    await expect(page.locator('[data-testid="topology-task"][data-state="SUCCESS"]')).toHaveCount(3, { timeout: 20_000 });

    // Outputs: the written file previews
    await page.goto(href(tenant.id, c, "outputs"));
    await page.getByRole("button", { name: "Preview" }).first().click();
    await expect(page.getByTestId("file-preview")).toContainText("report line 2");

    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const tab of ["overview", "gantt", "logs", "topology", "outputs"]) {
        await page.goto(href(tenant.id, c, tab === "overview" ? "" : tab));
        await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "SUCCESS");
        if (tab === "logs") await expect(page.getByTestId("log-status")).toHaveAttribute("data-status", "ended");
        if (tab === "topology") await expect(page.getByTestId("topology-task").first()).toBeVisible();
        await shoot(page, `execution-${tab}-${size.name}`);
      }
    }
  });

  test("the list filtered by state is a URL that shows the same rows in a new browser context", async ({ page, request, browser }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(request, tenant.id, logFlow("ok", "company.team"));
    await postFlow(request, tenant.id, `id: broken\nnamespace: company.team\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: on purpose\n`);
    const runs = [await start(request, tenant.id, "company.team", "ok"), await start(request, tenant.id, "company.team", "ok"), await start(request, tenant.id, "company.team", "broken")];
    for (const r of runs) await waitFor(request, tenant.id, r.id, ["SUCCESS", "FAILED"]);

    await apiLogin(page, admin);
    await page.goto(`/ui/${tenant.id}/executions`);
    await expect(page.getByTestId("executions").locator("tbody tr")).toHaveCount(3);
    await page.getByTestId("state-filter").locator("summary").click();
    await page.getByLabel("FAILED", { exact: true }).check();
    await expect(page).toHaveURL(/state=FAILED/);
    await expect(page.getByTestId("executions").locator("tbody tr")).toHaveCount(1);
    await expect(page.getByTestId("executions").locator("tbody tr").first()).toHaveAttribute("data-execution-id", runs[2]!.id);
    await page.getByLabel("Time range").selectOption("24h");
    await expect(page).toHaveURL(/range=24h/);
    await expect(page).toHaveURL(/state=FAILED/);
    // One set of filters, however many times they were applied.
    await expect(page.getByRole("search", { name: "Filter executions" })).toHaveCount(1);
    const url = page.url();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shoot(page, `executions-list-${size.name}`);
    }

    const other = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const fresh = await other.newPage();
    await apiLogin(fresh, admin);
    await fresh.goto(url);
    await expect(fresh.getByTestId("executions").locator("tbody tr")).toHaveCount(1);
    await expect(fresh.getByTestId("executions").locator("tbody tr").first()).toHaveAttribute("data-execution-id", runs[2]!.id);
    await other.close();

    // The dashboard counts them: a chart, the failure listed with its link.
    await page.setViewportSize(SIZES[0]);
    await page.goto(`/ui/${tenant.id}`);
    await expect(page.getByTestId("day-chart")).toBeVisible();
    await expect(page.getByRole("link", { name: new RegExp(`broken.*${runs[2]!.id.slice(0, 8)}`) })).toBeVisible();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shoot(page, `dashboard-executions-${size.name}`);
    }
  });

  test("a flow runs from its form with typed inputs and opens the new execution", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(
      request,
      tenant.id,
      `id: typed
namespace: company.team
inputs:
  - id: name
    type: STRING
    description: Who to greet
  - id: count
    type: INT
    min: 1
    max: 10
  - id: loud
    type: BOOLEAN
    defaults: false
  - id: color
    type: ENUM
    values: [red, blue]
  - id: day
    type: DATE
  - id: payload
    type: JSON
    required: false
  - id: token
    type: SECRET
    required: false
tasks:
  - id: greet
    type: io.kestra.plugin.core.log.Log
    message: "{{ inputs.name }} x{{ inputs.count }} {{ inputs.color }}"
`,
    );
    await apiLogin(page, admin);
    await page.goto(`/ui/${tenant.id}/flows`);
    await expect(page.getByTestId("flows").getByTestId("execute")).toBeVisible();
    await page.goto(`/ui/${tenant.id}/flows/edit/company.team/typed/overview`);
    await page.getByTestId("execute").click();
    const form = page.getByRole("form", { name: "Execute typed" });
    await expect(form).toBeVisible();
    await form.getByRole("button", { name: "Execute" }).click();
    await expect(form.getByText("is required").first()).toBeVisible();
    await form.getByLabel(/^name/).fill("Ada");
    await form.getByLabel(/^count/).fill("0");
    await form.getByLabel(/^color/).selectOption("blue");
    await form.getByLabel(/^day/).fill("2026-01-31");
    await form.getByLabel(/^payload/).fill("{not json");
    await form.getByRole("button", { name: "Execute" }).click();
    await expect(form.getByText("must be at least 1")).toBeVisible();
    await expect(form.getByText("must be valid JSON")).toBeVisible();
    await page.setViewportSize(SIZES[1]);
    await page.screenshot({ path: "e2e/artifacts/run-form-mobile.png" });
    await page.setViewportSize(SIZES[0]);
    await page.screenshot({ path: "e2e/artifacts/run-form-desktop.png" });
    await form.getByLabel(/^count/).fill("3");
    await form.getByLabel(/^payload/).fill('{"a": 1}');
    await form.getByRole("button", { name: "Execute" }).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${tenant.id}/executions/company.team/typed/[A-Za-z0-9_-]+$`));
    await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "SUCCESS", { timeout: 15_000 });
    await expect(page.getByText("Ada", { exact: true })).toBeVisible();
    await expect(page.getByText("2026-01-31", { exact: true })).toBeVisible();
  });

  test("a running execution is killed from its page", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(request, tenant.id, sleepFlow("long", "company.team", "PT60S"));
    const e = await start(request, tenant.id, "company.team", "long");
    await waitFor(request, tenant.id, e.id, ["RUNNING"]);
    await apiLogin(page, admin);
    await page.goto(href(tenant.id, e));
    await page.getByTestId("kill").click();
    await page.getByRole("button", { name: "Kill execution" }).click();
    await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "KILLED", { timeout: 15_000 });
    await expect(page.getByTestId("kill")).toHaveCount(0);
  });

  test("another tenant's execution id under this tenant's URL is not found, with none of its data", async ({ page, request }) => {
    const api = new Api(request);
    const a = await api.tenant();
    const b = await api.tenant();
    await postFlow(request, b.id, logFlow("secret-flow", "b.private"));
    const e = await start(request, b.id, "b.private", "secret-flow");
    await waitFor(request, b.id, e.id, ["SUCCESS"]);
    await apiLogin(page, admin);
    for (const tab of ["", "logs", "outputs"]) {
      // A real 404: the existence check runs before anything streams.
      const res = await page.goto(`/ui/${a.id}/executions/b.private/secret-flow/${e.id}${tab ? `/${tab}` : ""}`);
      expect(res?.status(), tab).toBe(404);
      await expect(page.getByTestId("execution-not-found")).toBeVisible();
      await expect(page.getByText("Hello from secret-flow")).toHaveCount(0);
      await expect(page.getByTestId("execution-state")).toHaveCount(0);
    }
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await shoot(page, `execution-not-found-${size.name}`);
    }
    // An id that exists nowhere looks the same.
    const unknown = await page.goto(`/ui/${a.id}/executions/b.private/secret-flow/NoSuchExecution1/gantt`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByTestId("execution-not-found")).toContainText("NoSuchExecution1");
    // The same id in its own tenant opens, with a 200; a stale namespace/flow pair in its URL redirects to the right one.
    const own = await page.goto(href(b.id, e));
    expect(own?.status()).toBe(200);
    await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "SUCCESS");
    const stale = await page.goto(`/ui/${b.id}/executions/old.ns/old-flow/${e.id}/logs`);
    expect(stale?.status()).toBe(200);
    await expect(page).toHaveURL(href(b.id, e, "logs"));
    await expect(page.getByTestId("log-line").filter({ hasText: "Hello from secret-flow" })).toBeVisible();
  });

  test("switching tenants on an execution page opens the other tenant's list, keeping state and range", async ({ page, request }) => {
    const api = new Api(request);
    const a = await api.tenant();
    const b = await api.tenant();
    await postFlow(request, a.id, logFlow("hello", "company.team"));
    const e = await start(request, a.id, "company.team", "hello");
    await apiLogin(page, admin);
    await page.goto(href(a.id, e));
    await page.getByTestId("tenant-switcher").click();
    await page.locator(`[data-tenant-id="${b.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${b.id}/executions$`));
    await page.goto(`/ui/${a.id}/executions?state=FAILED&range=7d&page=2`);
    await page.getByTestId("tenant-switcher").click();
    await page.locator(`[data-tenant-id="${b.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/ui/${b.id}/executions\\?state=FAILED&range=7d$`));
  });
});

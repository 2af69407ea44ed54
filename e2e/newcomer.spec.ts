import { expect, test, type Page } from "@playwright/test";
import { Api, admin, apiLogin, postFlow, startExecution, uniq, waitForState } from "./support";

/**
 * What a newcomer tripped over (issue 16), each kept as a check: forms keep what was
 * typed, ids explained in words, the editor's banner and YAML positions, its split view,
 * the failure on the overview, Gantt to logs, a non-admin's pages, and the small things.
 * Screenshots at desktop and phone size land in e2e/artifacts/ for a person to look at.
 */

const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

async function shoot(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });
}

const editor = (page: Page) => page.getByTestId("flow-editor").locator(".cm-content");

/** Replaces the editor's text as a paste would (typing would auto-indent YAML). */
async function setSource(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  await page.keyboard.press("Escape");
}

const LOG = "io.kestra.plugin.core.log.Log";

for (const size of SIZES) {
  test.describe(`${size.name}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("the tenant form keeps what was typed and says what an id may be, with a suggestion", async ({ page }) => {
      await apiLogin(page, admin);
      await page.goto("/admin/tenants");
      const form = page.getByRole("form", { name: "Create tenant" });
      await form.getByLabel("Id").fill("Staging env");
      await form.getByLabel("Name").fill("Staging environment");
      await form.getByRole("button", { name: "Create tenant" }).click();
      const error = page.locator("#tenant-id-error");
      await expect(error).toHaveText('A tenant id may contain only lower-case letters, digits, - and _, and must start with a letter or digit: try "staging-env"');
      await expect(error).not.toContainText("^");
      // Nothing typed was lost: fixing the id is all it takes.
      await expect(form.getByLabel("Id")).toHaveValue("Staging env");
      await expect(form.getByLabel("Name")).toHaveValue("Staging environment");
      await shoot(page, `newcomer-tenant-error-${size.name}`);

      const id = uniq("staging");
      await form.getByLabel("Id").fill(id);
      await form.getByRole("button", { name: "Create tenant" }).click();
      await expect(page.getByRole("status")).toContainText(`Tenant ${id} created`);
      // A success clears the form for the next one.
      await expect(form.getByLabel("Id")).toHaveValue("");
      await expect(form.getByLabel("Name")).toHaveValue("");
    });

    test("granting tenant access on a user's page confirms it", async ({ page, request }) => {
      const api = new Api(request);
      const tenant = await api.tenant({ name: `Grant ${size.name}` });
      const user = await api.user({ firstName: "Grace" });
      await apiLogin(page, admin);
      await page.goto(`/admin/users/${user.id}`);
      const form = page.getByRole("form", { name: "Grant tenant access" });
      await form.getByLabel("Tenant").selectOption(tenant.id);
      await form.getByLabel("Role").selectOption("editor");
      await form.getByRole("button", { name: "Grant" }).click();
      await expect(form.getByRole("status")).toHaveText(`Access to ${tenant.name} granted, with the role Editor on the whole tenant.`);
      await expect(page.getByTestId("memberships")).toContainText(tenant.name);
      await shoot(page, `newcomer-grant-${size.name}`);
    });

    test("the editor: YAML errors where they start, a banner about the current text, topology and docs beside it", async ({ page, request }) => {
      const api = new Api(request);
      const tenant = await api.tenant();
      await apiLogin(page, admin);
      await page.goto(`/ui/${tenant.id}/flows/new`);
      await expect(editor(page)).toContainText(LOG);
      const problems = page.getByTestId("problems");
      await expect(problems).toContainText("No problems");
      const id = uniq("quotes");
      const flow = (message: string, secondType = LOG) =>
        `id: ${id}\nnamespace: company.team\ntasks:\n  - id: hello\n    type: ${LOG}\n    message: ${message}\n  - id: bye\n    type: ${secondType}\n    message: bye\n`;

      // A quote left open on line 6 is reported at the quote, not at the end of the file.
      await setSource(page, flow('"Hello {{ inputs.name }}'));
      await expect(problems).toContainText("Line 6:14");
      await expect(problems).toContainText("double-quoted string opened here is never closed");
      await expect(page.locator(".cm-lintRange-error").first()).toContainText('"Hello');

      // A refused save says why; the banner then follows the text as it changes.
      await page.keyboard.press("ControlOrMeta+s");
      const status = page.getByTestId("editor-status");
      await expect(status).toContainText("Not saved:");
      await expect(status).toContainText("never closed");
      await setSource(page, flow('"Hello"', "io.kestra.plugin.core.log.Lgo"));
      await expect(status).toHaveText(/^Not saved\. The text now has a problem: line 8, unknown task type "io\.kestra\.plugin\.core\.log\.Lgo"/);
      await expect(status).not.toContainText("never closed");
      await setSource(page, flow('"Hello"'));
      await expect(status).toHaveText("Not saved yet. The text is valid now: create the flow to keep it.");
      await expect(status).toHaveAttribute("data-tone", "info");

      if (size.name === "desktop") {
        // The split view: the live topology of the text, and the docs of the type under the cursor.
        const side = page.getByTestId("editor-side");
        await expect(side).toBeVisible();
        await expect(side.getByTestId("topology-task")).toHaveCount(2);
        await setSource(page, flow('"Hello"') + `  - id: third\n    type: io.kestra.plugin.core.debug.Return\n    format: done\n`);
        await expect(side.getByTestId("topology-task")).toHaveCount(3);
        await editor(page).getByText("format: done").click();
        const docs = side.getByTestId("type-docs");
        await expect(docs).toHaveAttribute("data-type", "io.kestra.plugin.core.debug.Return");
        await expect(docs).toContainText("format");
        await editor(page).getByText("message: bye").click();
        await expect(docs).toHaveAttribute("data-type", LOG);
        await expect(docs).toContainText("Required properties");
        await expect(docs).toContainText("message");
        await expect(docs).toContainText("ERROR · WARN · INFO · DEBUG · TRACE");
        await shoot(page, "newcomer-editor-split-desktop");
        // It can be put away.
        await page.getByRole("button", { name: "Topology and docs" }).click();
        await expect(side).toHaveCount(0);
      } else {
        await shoot(page, "newcomer-editor-banner-mobile");
      }
    });

    test("a failed execution's overview names the failed task, its error and a link to its logs; Gantt rows open logs and outputs", async ({ page, request }) => {
      const api = new Api(request);
      const tenant = await api.tenant();
      const id = uniq("breaks");
      await postFlow(
        request,
        tenant.id,
        `id: ${id}\nnamespace: company.team\ntasks:\n  - id: greet\n    type: ${LOG}\n    message: warming up\n  - id: answer\n    type: io.kestra.plugin.core.debug.Return\n    format: forty-two\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: The disk is full\n`,
      );
      const started = await startExecution(request, tenant.id, "company.team", id);
      await waitForState(request, tenant.id, started.id, ["FAILED"]);
      await apiLogin(page, admin);
      const base = `/ui/${tenant.id}/executions/company.team/${id}/${started.id}`;
      await page.goto(base);
      const failed = page.getByTestId("failed-task");
      await expect(failed).toHaveCount(1);
      await expect(failed).toHaveAttribute("data-task-id", "boom");
      await expect(failed.getByTestId("failed-task-error")).toContainText("The disk is full");
      // The summary's flow name carries its full text as a tooltip.
      await expect(page.getByRole("link", { name: `company.team/${id} rev. 1` })).toHaveAttribute("title", `company.team/${id}, revision 1`);
      await shoot(page, `newcomer-failed-overview-${size.name}`);

      await failed.getByRole("link", { name: "Logs of this task" }).click();
      await expect(page).toHaveURL(/\/logs\?taskRunId=/);
      await expect(page.getByTestId("log-task-run-filter")).toContainText("boom");
      await expect(page.getByTestId("logs")).toContainText("The disk is full");
      await expect(page.getByTestId("logs")).not.toContainText("warming up");
      await shoot(page, `newcomer-logs-task-run-${size.name}`);
      await page.getByRole("button", { name: "Show every task run's lines" }).click();
      await expect(page.getByTestId("logs")).toContainText("warming up");

      await page.goto(`${base}/gantt`);
      await page.getByRole("button", { name: /^greet: show logs and outputs/ }).click();
      const details = page.getByTestId("task-run-details");
      await expect(details.getByTestId("task-run-logs")).toContainText("warming up");
      await page.getByRole("button", { name: /^answer: show logs and outputs/ }).click();
      await expect(details).toHaveCount(1);
      await expect(details).toContainText("forty-two");
      await shoot(page, `newcomer-gantt-details-${size.name}`);
    });

    test("a viewer's dashboard shows only what their grants allow; /flows/new names the missing permission", async ({ page, request }) => {
      const api = new Api(request);
      const tenant = await api.tenant({ name: `Viewers ${size.name}` });
      const viewer = await api.user({ firstName: "Vera" });
      await api.grant(tenant.id, viewer, "viewer");
      await apiLogin(page, viewer);
      await page.goto(`/ui/${tenant.id}`);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(tenant.name);
      await expect(page.getByText("Flows", { exact: true }).first()).toBeVisible();
      for (const hidden of ["Members", "Roles", "Bindings", "Recent activity"]) {
        await expect(page.getByRole("main").getByText(hidden, { exact: true })).toHaveCount(0);
      }
      await expect(page.getByText(/AUDITLOG/)).toHaveCount(0);
      await expect(page.getByText("—", { exact: true })).toHaveCount(0);
      // A tenant without executions says so instead of drawing an empty chart.
      await expect(page.getByTestId("day-chart-empty")).toHaveText("No executions in the last 14 days.");
      await expect(page.getByText("Your access")).toBeVisible();
      await shoot(page, `newcomer-viewer-dashboard-${size.name}`);

      await page.goto(`/ui/${tenant.id}/flows/new`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("New flow");
      await expect(page.getByTestId("no-permission")).toContainText("You cannot create flows in this tenant");
      await expect(page.getByTestId("no-permission")).toContainText("do not allow you to create flows (the FLOW:CREATE permission)");
      await expect(page.getByText(/Ctrl\+Space|checked as you type/)).toHaveCount(0);
      await expect(page.getByTestId("flow-editor")).toHaveCount(0);
      await shoot(page, `newcomer-flows-new-denied-${size.name}`);
    });
  });
}

test("the executions filter bar fits on one line at 1440 px, and stacks on a phone", async ({ page, request }) => {
  const api = new Api(request);
  const tenant = await api.tenant();
  await apiLogin(page, admin);
  await page.goto(`/ui/${tenant.id}/executions?state=FAILED`);
  const form = page.getByRole("search", { name: "Filter executions" });
  await expect(form.getByRole("link", { name: "Clear" })).toBeVisible();
  const rows = () =>
    form.evaluate((el) => Array.from(el.children).filter((c) => c.getBoundingClientRect().height > 0 && !c.matches("label.sr-only")).map((c) => Math.round(c.getBoundingClientRect().top)));
  const tops = await rows();
  expect(new Set(tops).size, `rows of the filter bar: ${tops.join(",")}`).toBe(1);
  await shoot(page, "newcomer-executions-filters-desktop");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(async () => new Set(await rows()).size).toBeGreaterThan(1);
  await shoot(page, "newcomer-executions-filters-mobile");
});

test("small things: a favicon, /ui redirects on the server", async ({ page, request }) => {
  const icon = await request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image/);
  const api = new Api(request);
  const tenant = await api.tenant();
  await apiLogin(page, admin);
  const res = await page.request.get("/ui", { maxRedirects: 0 });
  expect(res.status(), "a redirect, not a page that redirects once loaded").toBeGreaterThanOrEqual(300);
  expect(res.status()).toBeLessThan(400);
  expect(res.headers().location).toMatch(/\/ui\/[a-z0-9_-]+$/);
  void tenant;
});

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Api, admin, apiLogin, uniq, type SeededTenant, type SeededUser } from "./support";

/**
 * The flow pages: the list and its filters, the editor (live validation, problems,
 * Ctrl+S, revisions), the revisions diff, the topology, tenant isolation of sources.
 * Screenshots at desktop and phone size land in e2e/artifacts/ for a person to look at.
 */

const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

const auth = (who: { email: string; password: string }) => `Basic ${Buffer.from(`${who.email}:${who.password}`).toString("base64")}`;

/** Creates a flow through the REST API, as a client of Kestra's API would. */
async function postFlow(request: APIRequestContext, tenantId: string, source: string) {
  const res = await request.post(`/api/v1/${tenantId}/flows`, { data: source, headers: { Authorization: auth(admin), "Content-Type": "application/x-yaml" } });
  expect(res.status(), await res.text()).toBe(201);
}

const editor = (page: Page) => page.getByTestId("flow-editor").locator(".cm-content");

/** Replaces the editor's text as a paste would (typing would auto-indent YAML). */
async function setSource(page: Page, text: string) {
  await editor(page).click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText(text);
  await page.keyboard.press("Escape");
}

async function shoot(page: Page, name: string) {
  // Nothing may scroll the page sideways, at any size.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `e2e/artifacts/${name}.png`, fullPage: true });
}

const source = (id: string, message: string, type = "io.kestra.plugin.core.log.Log") => `id: ${id}
namespace: company.team
description: Nightly load of the orders table

tasks:
  - id: extract
    type: ${type}
    message: ${message}
`;

const BIG = (id: string) => `id: ${id}
namespace: company.team
description: Loads orders, checks them, and tells the team.
labels:
  env: prod
  team: data
inputs:
  - id: day
    type: DATE
    required: false
  - id: dry_run
    type: BOOLEAN
    defaults: false
tasks:
  - id: start
    type: io.kestra.plugin.core.log.Log
    message: Loading {{ inputs.day }}
  - id: fetch
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: orders
        type: io.kestra.plugin.core.http.Request
        uri: https://example.com/orders
      - id: customers
        type: io.kestra.plugin.core.http.Request
        uri: https://example.com/customers
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.dry_run }}"
    then:
      - id: skip
        type: io.kestra.plugin.core.log.Log
        message: Dry run, nothing written
    else:
      - id: write
        type: io.kestra.plugin.core.kv.Set
        key: last_load
        value: "{{ execution.startDate }}"
errors:
  - id: alert
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: The load failed
finally:
  - id: cleanup
    type: io.kestra.plugin.core.log.Log
    message: Done
triggers:
  - id: nightly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 2 * * *"
`;

let dev: SeededTenant;
let prod: SeededTenant;
let user: SeededUser;

test.beforeAll(async ({ request }) => {
  const api = new Api(request);
  dev = await api.tenant({ id: uniq("dev"), name: "Development", color: "#16a34a" });
  prod = await api.tenant({ id: uniq("prod"), name: "Production", color: "#dc2626" });
  user = await api.user({ firstName: "Flo" });
  await api.grant(dev.id, user, "editor");
  await api.grant(prod.id, user, "editor");
});

test.beforeEach(async ({ page }) => {
  await apiLogin(page, user);
});

test("create a flow in the editor: markers, problems, Ctrl+S, revision 2, diff of 1 and 2", async ({ page }) => {
  const id = uniq("orders");
  await page.goto(`/ui/${dev.id}/flows`);
  await expect(page.getByRole("heading", { name: "No flows yet" })).toBeVisible();
  await page.getByRole("link", { name: "Create flow" }).first().click();
  await expect(page).toHaveURL(`/ui/${dev.id}/flows/new`);
  await expect(editor(page)).toContainText("io.kestra.plugin.core.log.Log");
  await expect(page.getByTestId("problems")).toContainText("No problems");

  // Completion: task types from the registry (full Kestra names), then the type's properties.
  const completions = page.locator(".cm-tooltip-autocomplete");
  await setSource(page, `id: ${id}\nnamespace: company.team\ntasks:\n  - id: fan\n    type: io.kestra.plugin.core.flow.Para`);
  await page.keyboard.press("Control+Space");
  await completions.getByRole("option", { name: "io.kestra.plugin.core.flow.Parallel", exact: true }).click();
  await expect(editor(page)).toContainText("type: io.kestra.plugin.core.flow.Parallel");
  await setSource(page, `id: ${id}\nnamespace: company.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    mes`);
  await page.keyboard.press("Control+Space");
  await expect(completions.getByRole("option")).toHaveText(["messagerequired"]); // the label and its "required" detail
  await completions.getByRole("option", { name: "message" }).click();
  await expect(editor(page)).toContainText("message:");

  // An unknown task type on line 7: a marker there, and the problems panel names the line.
  await setSource(page, source(id, "Hello v1", "io.kestra.plugin.core.log.Lgo"));
  await expect(page.locator(".cm-lintRange-error")).toHaveText("io.kestra.plugin.core.log.Lgo");
  await expect(page.locator(".cm-gutter-lint .cm-lint-marker-error")).toHaveCount(1);
  const problems = page.getByTestId("problems");
  await expect(problems).toContainText("Line 7:11");
  await expect(problems).toContainText("tasks[0].type");
  await expect(problems).toContainText('unknown task type "io.kestra.plugin.core.log.Lgo"');
  await expect(page.getByText("1 problem", { exact: true })).toBeVisible();
  await page.locator(".cm-lintRange-error").hover();
  await expect(page.locator(".cm-tooltip-lint")).toContainText("unknown task type");
  await page.mouse.move(0, 0);
  await shoot(page, "flow-editor-error-desktop");

  // Saving anyway is refused with the server's message, and nothing is created.
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.getByTestId("editor-status")).toContainText("Not saved: tasks[0].type: unknown task type");
  await expect(page).toHaveURL(`/ui/${dev.id}/flows/new`);

  // Fixed, saved with Ctrl+S: the flow page's editor, revision 1.
  await setSource(page, source(id, "Hello v1"));
  await expect(problems).toContainText("No problems");
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page).toHaveURL(`/ui/${dev.id}/flows/edit/company.team/${id}/editor`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(id);
  await expect(page.getByTestId("flow-revision")).toHaveText("1");
  await expect(editor(page)).toContainText("Hello v1");

  // A change makes the editor dirty; saving it gives revision 2.
  await setSource(page, source(id, "Hello v2"));
  await expect(page.getByTestId("dirty-indicator")).toBeVisible();
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.getByTestId("editor-status")).toHaveText("Saved as revision 2");
  await expect(page.getByTestId("flow-revision")).toHaveText("2");
  await expect(page.getByTestId("dirty-indicator")).toHaveCount(0);

  // Unsaved edits are not lost to a tab click without asking.
  await setSource(page, source(id, "Hello v3, not saved"));
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("link", { name: "Revisions" }).click();
  await expect(page).toHaveURL(/\/editor$/);
  await expect(editor(page)).toContainText("Hello v3, not saved");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("link", { name: "Revisions" }).click();
  await expect(page).toHaveURL(/\/revisions$/);

  // Revisions 2 (current) and 1; the diff shows both versions side by side.
  const revisions = page.getByTestId("revisions");
  await expect(revisions.locator("tbody tr")).toHaveCount(2);
  await expect(revisions.locator("tbody tr").first()).toContainText("current");
  await expect(page.getByText("Changes from revision 1 to revision 2")).toBeVisible();
  const diff = page.getByTestId("revision-diff");
  await expect(diff.locator(".cm-merge-a")).toContainText("Hello v1");
  await expect(diff.locator(".cm-merge-b")).toContainText("Hello v2");
  await shoot(page, "flow-revisions-desktop");

  // Restoring revision 1 saves it as revision 3.
  await revisions.locator("tbody tr").nth(1).getByRole("button", { name: "Restore" }).click();
  await page.getByRole("button", { name: "Restore this revision" }).click();
  await expect(page.getByTestId("flow-revision")).toHaveText("3");
  await page.getByRole("link", { name: "Editor" }).click();
  await expect(page).toHaveURL(/\/editor$/);
  await expect(editor(page)).toContainText("Hello v1");
});

test("the flows list: search, namespace and label filters in the URL, sorting", async ({ page, request }) => {
  await postFlow(request, prod.id, BIG("orders-load"));
  await postFlow(request, prod.id, source("hello", "Hi").replace("company.team", "company.marketing"));
  await postFlow(request, prod.id, source("archive", "Old").replace("Nightly load of the orders table", "Moves old rows to cold storage"));

  await page.goto(`/ui/${prod.id}/flows`);
  const rows = page.getByTestId("flows").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("hello"); // company.marketing sorts first
  await expect(page.getByTestId("flows")).toContainText("env:prod");
  await expect(page.getByTestId("flows")).toContainText("Never run");

  await page.getByLabel("Namespace", { exact: true }).selectOption("company.team");
  await expect(page).toHaveURL(`/ui/${prod.id}/flows?namespace=company.team`);
  await expect(rows).toHaveCount(2);

  await page.getByRole("searchbox", { name: "Search flows" }).fill("cold storage");
  await page.getByRole("searchbox", { name: "Search flows" }).press("Enter");
  await expect(page).toHaveURL(`/ui/${prod.id}/flows?q=cold+storage&namespace=company.team`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("archive");

  await page.goto(`/ui/${prod.id}/flows?labels=team:data`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("orders-load");
  await expect(page.getByLabel("Labels (key:value, comma separated)")).toHaveValue("team:data");

  await page.goto(`/ui/${prod.id}/flows`);
  await page.getByRole("link", { name: "Flow", exact: true }).click();
  await expect(page).toHaveURL(`/ui/${prod.id}/flows?sort=id:asc`);
  await expect(rows.first()).toContainText("archive");
  await page.getByRole("link", { name: "Flow", exact: true }).click();
  await expect(rows.first()).toContainText("orders-load");

  await page.goto(`/ui/${prod.id}/flows?q=nothing-like-this`);
  await expect(page.getByRole("heading", { name: "No flow matches these filters" })).toBeVisible();
});

test("switching tenant on the flows list lands on the other tenant's flows list", async ({ page, request }) => {
  await postFlow(request, dev.id, source("only-in-dev", "dev"));
  await postFlow(request, prod.id, source("only-in-prod", "prod"));
  await page.goto(`/ui/${prod.id}/flows?namespace=company.team`);
  await expect(page.getByTestId("flows")).toBeVisible();
  await page.getByTestId("tenant-switcher").click();
  await page.getByRole("option", { name: /Development/ }).click();
  await expect(page).toHaveURL(`/ui/${dev.id}/flows?namespace=company.team`);
  await expect(page.getByRole("heading", { level: 1, name: "Flows" })).toBeVisible();
  await expect(page.getByTestId("flows")).toContainText("only-in-dev");
  await expect(page.getByTestId("flows")).not.toContainText("only-in-prod");
});

test("the same flow id in two tenants: each editor shows its own source", async ({ page, request }) => {
  await postFlow(request, dev.id, "id: etl\nnamespace: company.team\ntasks:\n  - id: run\n    type: io.kestra.plugin.core.log.Log\n    message: source of dev\n");
  await postFlow(request, prod.id, "id: etl\nnamespace: company.team\ntasks:\n  - id: run\n    type: io.kestra.plugin.core.log.Log\n    message: source of prod\n");
  for (const [tenant, own, other] of [
    [dev, "source of dev", "source of prod"],
    [prod, "source of prod", "source of dev"],
  ] as const) {
    await page.goto(`/ui/${tenant.id}/flows/edit/company.team/etl/editor`);
    await expect(editor(page)).toContainText(own);
    await expect(editor(page)).not.toContainText(other);
  }
  // A flow link with no flow behind it: the designed not-found panel, not the tenant's 404.
  const missing = await page.goto(`/ui/${dev.id}/flows/edit/company.team/no-such-flow`);
  expect(missing?.status(), "an unknown flow is a real 404").toBe(404);
  await expect(page).toHaveURL(`/ui/${dev.id}/flows/edit/company.team/no-such-flow/overview`);
  await expect(page.getByTestId("flow-not-found")).toContainText("There is no flow no-such-flow in company.team");
  await expect(page.getByRole("link", { name: "Create this flow" })).toBeVisible();
});

for (const size of SIZES) {
  test(`flow pages look finished (${size.name})`, async ({ page, request }) => {
    // Ten page loads, two editor sessions and five full-page screenshots: more than the
    // default budget on a shared two-core machine.
    test.setTimeout(90_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    const tenant = await new Api(request).tenant({ name: "Screens", color: "#7c3aed" });
    await new Api(request).grant(tenant.id, user, "editor");
    await postFlow(request, tenant.id, BIG("orders-load"));
    await postFlow(request, tenant.id, source("hello", "Hi").replace("company.team", "company.marketing"));
    await postFlow(request, tenant.id, source("archive", "Old"));
    const flow = `/ui/${tenant.id}/flows/edit/company.team/orders-load`;

    await page.goto(`/ui/${tenant.id}/flows`);
    await expect(page.getByTestId("flows").locator("tbody tr")).toHaveCount(3);
    await shoot(page, `flows-list-${size.name}`);

    await page.goto(`${flow}/overview`);
    await expect(page.getByTestId("topology-task").first()).toBeVisible();
    await expect(page.getByTestId("inputs")).toContainText("dry_run");
    await shoot(page, `flow-overview-${size.name}`);

    await page.goto(`${flow}/topology`);
    await expect(page.getByTestId("topology-task")).toHaveCount(9);
    await expect(page.getByTestId("topology-errors")).toBeVisible();
    await expect(page.getByTestId("topology-finally")).toBeVisible();
    await shoot(page, `flow-topology-${size.name}`);

    await page.goto(`${flow}/triggers`);
    await expect(page.getByTestId("triggers")).toContainText("0 2 * * *");
    await page.goto(`${flow}/executions`);
    await expect(page.getByRole("heading", { name: "This flow has not run yet" })).toBeVisible();

    await page.goto(`${flow}/editor`);
    await expect(editor(page)).toContainText("orders-load");
    await setSource(page, BIG("orders-load").replace("io.kestra.plugin.core.kv.Set", "io.kestra.plugin.core.kv.St"));
    await expect(page.locator(".cm-lintRange-error")).toBeVisible();
    await page.mouse.move(0, 0);
    if (size.name === "mobile") await shoot(page, "flow-editor-error-mobile");
    await setSource(page, BIG("orders-load").replace("Loading", "Now loading"));
    await page.keyboard.press("ControlOrMeta+s");
    await expect(page.getByTestId("flow-revision")).toHaveText("2");

    await page.goto(`${flow}/revisions`);
    await expect(page.getByTestId("revision-diff")).toContainText("Now loading");
    if (size.name === "mobile") await shoot(page, "flow-revisions-mobile");

    await page.goto(`/ui/${tenant.id}/namespaces`);
    await expect(page.getByTestId("namespaces")).toContainText("marketing");
    await shoot(page, `namespaces-list-${size.name}`);
    await page.goto(`/ui/${tenant.id}/namespaces/company.team`);
    await expect(page.getByTestId("flows").locator("tbody tr")).toHaveCount(2);
    await shoot(page, `namespace-${size.name}`);
    await page.goto(`/ui/${tenant.id}/namespaces/company.team/kv`);
    await expect(page.getByRole("heading", { name: "No key-value pairs in this namespace" })).toBeVisible();
  });
}

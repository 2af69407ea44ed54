import { expect, test } from "@playwright/test";
import { Api, admin, apiLogin, postFlow, uniq, type SeededTenant, type SeededUser } from "./support";

/**
 * The triggers page: every trigger of the tenant with its schedule in words, next date,
 * state and actions; disable and enable; a backfill's progress, paused and resumed; another
 * tenant's triggers never show.
 * Screenshots land in e2e/artifacts/ for a person to look at.
 */

let dev: SeededTenant;
let other: SeededTenant;
let editor: SeededUser;

const flow = (id: string, cron: string) => `id: ${id}
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: nightly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "${cron}"
    timezone: Europe/Paris
`;

test.beforeAll(async ({ request }) => {
  const api = new Api(request);
  dev = await api.tenant({ id: uniq("trg"), name: "Triggers dev" });
  other = await api.tenant({ id: uniq("trgo"), name: "Triggers other" });
  editor = await api.user();
  await api.grant(dev.id, editor, "editor");
  await postFlow(request, dev.id, flow("orders-load", "30 2 * * *"));
  await postFlow(request, other.id, flow("secret-load", "0 4 * * *"));
});

test("the triggers page lists the tenant's triggers; disable and enable", async ({ page }) => {
  await apiLogin(page, editor);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/ui/${dev.id}`);
  await page.getByRole("navigation", { name: "Tenant sections" }).getByRole("link", { name: "Triggers" }).click();
  await expect(page).toHaveURL(new RegExp(`/ui/${dev.id}/triggers$`));
  const row = page.locator('tr[data-trigger="company.team.orders-load.nightly"]');
  await expect(row).toContainText("At 02:30");
  await expect(row).toContainText("Europe/Paris");
  await expect(row.getByText("Enabled")).toBeVisible();
  await expect(row.locator("time").first()).toBeVisible();
  await expect(page.getByText("secret-load")).toHaveCount(0);
  await page.screenshot({ path: "e2e/artifacts/triggers-desktop.png", fullPage: true });

  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row.getByText("Disabled")).toBeVisible();
  await expect(row.locator("time")).toHaveCount(0);
  await page.screenshot({ path: "e2e/artifacts/triggers-disabled.png", fullPage: true });
  // The API agrees.
  const state = await page.request.get(`/api/v1/${dev.id}/triggers/company.team/orders-load`, {
    headers: { Authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}` },
  });
  expect(((await state.json()) as { results: { disabled: boolean }[] }).results[0].disabled).toBe(true);

  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row.getByText("Enabled")).toBeVisible();
  await expect(row.locator("time").first()).toBeVisible();

  // Filters live in the URL.
  await page.goto(`/ui/${dev.id}/triggers?q=nothing-like-this`);
  await expect(page.getByText("No trigger matches.")).toBeVisible();

  // The flow page's triggers tab shows the same state for one flow.
  await page.goto(`/ui/${dev.id}/flows/edit/company.team/orders-load/triggers`);
  await expect(page.getByTestId("trigger-states")).toContainText("nightly");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/ui/${dev.id}/triggers`);
  await page.screenshot({ path: "e2e/artifacts/triggers-mobile.png", fullPage: true });
});

test("backfill from the triggers page: the form, progress done/total, pause stops it, resume goes on, delete", async ({ page, request }) => {
  // 720 dates at about 20 a second: long enough to be paused and resumed while it runs.
  test.setTimeout(120_000);
  await postFlow(request, dev.id, flow("orders-backfill", "0 * * * *"));
  await apiLogin(page, editor);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/ui/${dev.id}/triggers?q=orders-backfill`);
  const row = page.locator('tr[data-trigger="company.team.orders-backfill.nightly"]');
  await row.getByRole("button", { name: /^Backfill / }).click();
  const form = page.getByRole("form", { name: /^Backfill / });
  // The last 30 days in the viewer's zone: 720 hourly dates.
  const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  const now = await page.evaluate(() => Date.now());
  await form.getByLabel("Start").fill(local(new Date(now - 720 * 3600_000 + 60_000)));
  await form.getByLabel("Labels").fill("reason=e2e");
  await page.screenshot({ path: "e2e/artifacts/triggers-backfill-form.png", fullPage: true });
  await form.getByRole("button", { name: "Start backfill" }).click();

  const progress = row.getByTestId("backfill-progress");
  const count = progress.getByLabel("Backfill progress");
  await expect(progress).toBeVisible();
  await expect(count).toHaveText(/^\d+ \/ 720$/);
  await page.screenshot({ path: "e2e/artifacts/triggers-backfill-progress.png", fullPage: true });
  // Through the API the same progress shows, with the labels given.
  const auth = { Authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}` };
  type Backfill = { total: number; done: number; paused: boolean; labels: unknown };
  const backfill = async (): Promise<Backfill | null> => {
    const state = await page.request.get(`/api/v1/${dev.id}/triggers/company.team/orders-backfill`, { headers: auth });
    return ((await state.json()) as { results: { backfill: Backfill | null }[] }).results[0].backfill;
  };
  expect(await backfill()).toMatchObject({ total: 720, paused: false, labels: [{ key: "reason", value: "e2e" }] });
  // It moves on its own (the page refreshes itself while it runs).
  await expect(count).not.toHaveText(/^0 \//);

  // Pause: the row says so, and no date fires while it stays paused.
  await progress.getByRole("button", { name: "Pause" }).click();
  await expect(progress).toContainText("paused");
  await expect(progress.getByRole("button", { name: "Resume" })).toBeVisible();
  const paused = await backfill();
  expect(paused).toMatchObject({ paused: true });
  expect(paused!.done).toBeLessThan(720);
  await page.screenshot({ path: "e2e/artifacts/triggers-backfill-paused.png", fullPage: true });
  // Several scheduler passes (one a second) go by: the count holds, in the API and on the page.
  await page.waitForTimeout(3_500);
  expect((await backfill())?.done).toBe(paused!.done);
  await page.reload();
  await expect(row.getByTestId("backfill-progress").getByLabel("Backfill progress")).toHaveText(`${paused!.done} / 720`);

  // Resume: it goes on from where it stood.
  await row.getByTestId("backfill-progress").getByRole("button", { name: "Resume" }).click();
  await expect(row.getByTestId("backfill-progress")).toContainText("running");
  await expect.poll(async () => (await backfill())?.done ?? 720, { timeout: 15_000 }).toBeGreaterThan(paused!.done);
  await expect(row.getByTestId("backfill-progress").getByLabel("Backfill progress")).not.toHaveText(`${paused!.done} / 720`);

  // Done, or deleted: the row goes back to its regular schedule with the Backfill button.
  if (await row.getByTestId("backfill-progress").isVisible()) {
    await row.getByRole("button", { name: /^Delete backfill/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete backfill" }).click();
  }
  await expect(row.getByTestId("backfill-progress")).toHaveCount(0, { timeout: 15_000 });
  await expect(row.getByRole("button", { name: /^Backfill / })).toBeVisible();
  const executions = await page.request.get(`/api/v1/${dev.id}/executions/search?namespace=company.team&flowId=orders-backfill&labels=reason:e2e&size=100`, { headers: auth });
  const total = ((await executions.json()) as { total: number }).total;
  expect(total).toBeGreaterThan(paused!.done);
  expect(total).toBeLessThanOrEqual(720);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e/artifacts/triggers-backfill-mobile.png", fullPage: true });
});

test("another tenant's triggers page is a 404 for a user without access", async ({ page }) => {
  await apiLogin(page, editor);
  const res = await page.goto(`/ui/${other.id}/triggers`);
  expect(res?.status()).toBe(404);
});

import { expect, test } from "@playwright/test";
import { Api, admin, adminAuth, apiLogin, postFlow, startExecution, waitForState } from "./support";

/**
 * The execution page's Metrics tab (Kestra has one): the counters and timers its task runs
 * emitted, Return's `length` and `duration` here, and the empty state for a run without any.
 * Screenshots at desktop and phone size land in e2e/artifacts/.
 */
const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

test("the Metrics tab lists what the task runs emitted", async ({ page, request }) => {
  const tenant = await new Api(request).tenant();
  await postFlow(
    request,
    tenant.id,
    `id: measured\nnamespace: company.team\ntasks:\n  - id: give\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ 'hello' ~ ' metrics' }}"\n  - id: again\n    type: io.kestra.plugin.core.debug.Return\n    format: "x"\n`,
  );
  await postFlow(request, tenant.id, `id: quiet\nnamespace: company.team\ntasks:\n  - id: hi\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`);
  const measured = await startExecution(request, tenant.id, "company.team", "measured");
  await waitForState(request, tenant.id, measured.id, ["SUCCESS"]);
  const quiet = await startExecution(request, tenant.id, "company.team", "quiet");
  await waitForState(request, tenant.id, quiet.id, ["SUCCESS"]);
  const api = await request.get(`/api/v1/${tenant.id}/metrics/${measured.id}`, { headers: adminAuth });
  expect(((await api.json()) as { total: number }).total).toBe(4);

  await apiLogin(page, admin);
  await page.goto(`/ui/${tenant.id}/executions/company.team/measured/${measured.id}`);
  await page.getByRole("link", { name: "Metrics", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${measured.id}/metrics$`));
  const table = page.getByTestId("metrics");
  await expect(table.locator("tbody tr")).toHaveCount(4);
  const length = table.locator("tr[data-metric=length]").first();
  await expect(length).toContainText("give");
  await expect(length).toContainText("counter");
  await expect(length).toContainText("13");
  await expect(length).toContainText("format: hello metrics");
  await expect(table.locator("tr[data-metric=duration]").first()).toContainText(/\d(\.\d+)? (ms|s)/);
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.screenshot({ path: `e2e/artifacts/execution-metrics-${size.name}.png`, fullPage: true });
  }

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/ui/${tenant.id}/executions/company.team/quiet/${quiet.id}/metrics`);
  await expect(page.getByRole("heading", { name: "No metrics" })).toBeVisible();
});

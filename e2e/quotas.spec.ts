import { expect, test } from "@playwright/test";
import { adminAuth, admin, apiLogin, uniq } from "./support";

test("a superadmin sets a tenant's quotas on the admin page and sees them next to the usage", async ({ page, request }) => {
  const tenantId = uniq("quota");
  const res = await request.post("/api/v1/tenants", { data: { id: tenantId, name: "Quota Co" }, headers: adminAuth });
  expect(res.status()).toBe(201);
  await apiLogin(page, admin);
  await page.goto(`/admin/tenants?q=${tenantId}`);
  const row = page.locator(`tr[data-tenant="${tenantId}"]`);
  const usage = row.getByTestId("quota-usage");
  await expect(usage).toContainText("0 / ∞");

  await row.getByRole("button", { name: `Quotas of ${tenantId}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Running executions at once").fill("0");
  await dialog.getByRole("button", { name: "Save quotas" }).click();
  await expect(dialog.getByText("Enter at least 1")).toBeVisible();
  await dialog.getByLabel("Running executions at once").fill("3");
  await dialog.getByLabel("Internal storage (bytes)").fill("1048576");
  await dialog.getByLabel("Execution retention (days)").fill("30");
  await dialog.getByRole("button", { name: "Save quotas" }).click();
  await expect(dialog).toBeHidden();
  await expect(usage).toContainText("0 / 3");
  await expect(usage).toContainText("0 B / 1 MB");
  await expect(usage).toContainText("30 days");

  const api = await request.get(`/api/v1/tenants/${tenantId}/quotas`, { headers: adminAuth });
  expect(await api.json()).toMatchObject({ quotas: { maxRunningExecutions: 3, storageBytes: 1048576, retentionDays: 30 }, usage: { runningExecutions: 0, storageBytes: 0 } });
});

import { expect, test } from "@playwright/test";
import { admin, apiLogin, switcherTenantIds, uniq } from "./support";

test("a superadmin creates a tenant and a user, grants access, and the user sees it", async ({ page, browser }) => {
  const tenantId = uniq("made");
  const email = `${uniq("new")}@switchyard.test`;
  await apiLogin(page, admin);

  // Create the tenant.
  await page.goto("/admin/tenants");
  await expect(page).toHaveTitle("Tenants · Administration · Switchyard");
  const create = page.getByRole("form", { name: "Create tenant" });
  await create.getByLabel("Id").fill(tenantId);
  await create.getByLabel("Name").fill("Made In Admin");
  await create.getByRole("button", { name: "Colour #dc2626" }).click();
  await create.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("status")).toContainText(`Tenant ${tenantId} created`);
  const row = page.locator(`tr[data-tenant="${tenantId}"]`);
  await expect(row).toContainText("Made In Admin");

  // Rename it.
  await row.getByRole("button", { name: `Edit ${tenantId}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Made By Admin");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(row).toContainText("Made By Admin");

  // Create the user.
  await page.goto("/admin/users");
  const userForm = page.getByRole("form", { name: "Create user" });
  await userForm.getByLabel("Email").fill(email);
  await userForm.getByLabel("First name").fill("Grace");
  await userForm.getByLabel("Password").fill("grace-password-1");
  await userForm.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status")).toContainText(`${email} can now sign in`);

  // Grant access with a role in one step.
  await page.getByRole("link", { name: `Tenant access of ${email}` }).click();
  const grant = page.getByRole("form", { name: "Grant tenant access" });
  await grant.getByLabel("Tenant").selectOption(tenantId);
  await grant.getByLabel("Role").selectOption({ label: "Editor" });
  await grant.getByRole("button", { name: "Grant" }).click();
  const membership = page.locator(`tr[data-tenant="${tenantId}"]`);
  await expect(membership).toContainText("Made By Admin");
  await expect(membership).toContainText("Editor");

  // The user now finds it in the dropdown.
  const context = await browser.newContext();
  const userPage = await context.newPage();
  await apiLogin(userPage, { email, password: "grace-password-1" });
  await userPage.goto("/ui");
  await expect(userPage).toHaveURL(`/ui/${tenantId}`);
  expect(await switcherTenantIds(userPage)).toEqual([tenantId]);
  await context.close();
});

test("deleting a tenant asks for its id first", async ({ page, request }) => {
  const tenantId = uniq("doomed");
  await apiLogin(page, admin);
  const res = await request.post("/api/v1/tenants", {
    data: { id: tenantId, name: "Doomed" },
    headers: { Authorization: `Basic ${Buffer.from(`${admin.email}:${admin.password}`).toString("base64")}` },
  });
  expect(res.status()).toBe(201);

  await page.goto(`/admin/tenants?q=${tenantId}`);
  const row = page.locator(`tr[data-tenant="${tenantId}"]`);
  await row.getByRole("button", { name: `Delete ${tenantId}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Delete tenant" }).click();
  await expect(dialog.getByRole("alert")).toContainText("Type the tenant id to confirm");
  await dialog.getByLabel(/Type .* to confirm/).fill(tenantId);
  await dialog.getByRole("button", { name: "Delete tenant" }).click();
  await expect(row).toHaveCount(0);
  const gone = await page.goto(`/ui/${tenantId}`);
  expect(gone?.status()).toBe(404);
});

import { expect, test } from "@playwright/test";
import { Api, apiLogin } from "./support";

test("a tenant admin manages roles and access, and each change is audited", async ({ page, request }) => {
  // Two signed-in browsers (the admin, then the invitee accepting).
  test.setTimeout(120_000);
  const api = new Api(request);
  const tenant = await api.tenant({ name: "Roles Ranch" });
  const boss = await api.user({ firstName: "Boss" });
  const member = await api.user({ firstName: "Member" });
  await api.grant(tenant.id, boss, "admin");
  await apiLogin(page, boss);

  // Create a custom role and set its permissions in the matrix.
  await page.goto(`/ui/${tenant.id}/roles`);
  await page.getByRole("button", { name: "New role" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Release manager");
  await dialog.getByRole("button", { name: "Create role" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Release manager/ })).toBeVisible();
  const roleUrl = page.url();

  await page.getByRole("checkbox", { name: "Flows: read" }).check();
  await page.getByRole("checkbox", { name: "All Executions permissions" }).check();
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  await page.getByRole("button", { name: "Save role" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved.");
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Flows: read" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Executions: delete" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Flows: delete" })).not.toBeChecked();

  // Invite by e-mail with that role; the answer never says whether an account exists.
  await page.goto(`/ui/${tenant.id}/access`);
  const invite = page.getByRole("form", { name: "Invite" });
  await invite.getByLabel("Email").fill(member.email);
  await invite.getByLabel("Role").selectOption({ label: "Release manager" });
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(page.locator(`tr[data-invitation="${member.email.toLowerCase()}"]`)).toContainText("Release manager");
  await invite.getByLabel("Email").fill("nobody@switchyard.test");
  await invite.getByRole("button", { name: "Invite" }).click();
  await expect(page.locator('tr[data-invitation="nobody@switchyard.test"]')).toBeVisible();
  await expect(page.locator(`tr[data-member="${member.email}"]`)).toHaveCount(0);

  // The member accepts after signing in, and holds the role.
  const memberPage = await page.context().browser()!.newPage();
  await apiLogin(memberPage, member);
  await memberPage.goto("/ui");
  await memberPage.getByRole("form", { name: "Accept the invitation to Roles Ranch" }).getByRole("button", { name: "Accept" }).click();
  await expect(memberPage).toHaveURL(`/ui/${tenant.id}`);
  await memberPage.close();
  await page.reload();
  const row = page.locator(`tr[data-member="${member.email}"]`);
  await expect(row).toContainText("Release manager");

  // Remove the binding, then revoke access.
  await row.getByRole("button", { name: `Remove role Release manager from ${member.email}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove role" }).click();
  await expect(row).toContainText("No role");
  await row.getByRole("button", { name: `Revoke access of ${member.email}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke access" }).click();
  await expect(row).toHaveCount(0);

  // Managed roles cannot be deleted; custom ones can.
  await page.goto(`/ui/${tenant.id}/roles/viewer`);
  await expect(page.getByRole("button", { name: "Delete role" })).toHaveCount(0);
  await page.goto(roleUrl);
  await page.getByRole("button", { name: "Delete role" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete role" }).click();
  await expect(page).toHaveURL(`/ui/${tenant.id}/roles`);
  await expect(page.getByRole("link", { name: "Release manager" })).toHaveCount(0);

  // The audit log recorded all of it.
  await page.goto(`/ui/${tenant.id}/audit-logs`);
  const log = page.locator("table");
  for (const text of ["ROLE", "INVITATION", "TENANT_ACCESS", "BINDING"]) await expect(log.getByText(text).first()).toBeVisible();
  await expect(log.getByText(boss.email).first()).toBeVisible();
});

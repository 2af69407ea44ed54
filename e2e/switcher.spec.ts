import { expect, test } from "@playwright/test";
import { Api, apiLogin, switcherTenantIds, type SeededTenant, type SeededUser } from "./support";

let a: SeededTenant;
let b: SeededTenant;
let c: SeededTenant;
let user: SeededUser;

test.beforeAll(async ({ request }) => {
  const api = new Api(request);
  a = await api.tenant({ name: "Alpha", color: "#16a34a" });
  b = await api.tenant({ name: "Bravo", color: "#dc2626" });
  c = await api.tenant({ name: "Charlie", color: "#0284c7" });
  user = await api.user();
  await api.grant(a.id, user, "editor");
  await api.grant(b.id, user, "editor");
});

test.beforeEach(async ({ page }) => {
  await apiLogin(page, user);
});

test("the switcher lists exactly the tenants granted", async ({ page }) => {
  await page.goto(`/ui/${a.id}`);
  const ids = await switcherTenantIds(page);
  expect(ids.sort()).toEqual([a.id, b.id].sort());
  expect(ids).not.toContain(c.id);
  await expect(page.getByRole("option", { name: /Alpha/ })).toHaveAttribute("aria-selected", "true");
  await page.screenshot({ path: "e2e/artifacts/switcher-open.png" });
});

test("switching from a list page keeps the section", async ({ page }) => {
  await page.goto(`/ui/${a.id}/roles`);
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  await page.getByTestId("tenant-switcher").click();
  await page.getByRole("option", { name: /Bravo/ }).click();
  await expect(page).toHaveURL(`/ui/${b.id}/roles`);
  await expect(page.getByTestId("tenant-switcher")).toContainText("Bravo");
  await expect(page.getByRole("heading", { level: 1, name: "Roles" })).toBeVisible();
  // The tenant's colour marks the header.
  await expect(page.getByTestId("app-header")).toHaveCSS("border-top-color", "rgb(220, 38, 38)");
});

test("switching from a detail page falls back to its list", async ({ page }) => {
  await page.goto(`/ui/${a.id}/roles/viewer`);
  await expect(page.getByRole("heading", { level: 1, name: /Viewer/ })).toBeVisible();
  await page.getByTestId("tenant-switcher").click();
  await page.getByRole("option", { name: /Bravo/ }).click();
  await expect(page).toHaveURL(`/ui/${b.id}/roles`);
});

test("the switcher works from the keyboard", async ({ page }) => {
  await page.goto(`/ui/${a.id}/roles`);
  const button = page.getByTestId("tenant-switcher");
  await button.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("listbox", { name: "Tenants" })).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "true");

  // Escape closes and gives focus back to the button.
  await page.keyboard.press("Escape");
  await expect(page.getByRole("listbox")).toHaveCount(0);
  await expect(button).toBeFocused();

  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`/ui/${b.id}/roles`);
  await expect(page.getByTestId("tenant-switcher")).toContainText("Bravo");
});

test("the last tenant viewed opens from /ui, but a deep link is never rewritten", async ({ page }) => {
  await page.goto(`/ui/${b.id}/access`);
  await expect(page.getByRole("heading", { level: 1, name: "Access" })).toBeVisible();
  await page.goto("/ui");
  await expect(page).toHaveURL(`/ui/${b.id}`);
  await page.goto(`/ui/${a.id}/roles`);
  await expect(page).toHaveURL(`/ui/${a.id}/roles`);
  await expect(page.getByTestId("tenant-switcher")).toContainText("Alpha");
});

import { expect, test } from "@playwright/test";
import { Api, apiLogin, NOT_FOUND_TEXT, uniq } from "./support";

test("a tenant without access and an unknown tenant show the same 404 page", async ({ page, request }) => {
  const api = new Api(request);
  const mine = await api.tenant();
  const other = await api.tenant({ name: "Secret Tenant" });
  const user = await api.user();
  await api.grant(mine.id, user, "admin");
  await apiLogin(page, user);

  for (const path of [`/ui/${other.id}/roles`, `/ui/${other.id}`, `/ui/${uniq("nope")}/roles`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(NOT_FOUND_TEXT);
    await expect(page.getByText("Secret Tenant")).toHaveCount(0);
    await expect(page).toHaveURL(path);
  }
  await page.getByRole("link", { name: "Go to your tenants" }).click();
  await expect(page).toHaveURL(`/ui/${mine.id}`);
});

test("administration is a 404 for users who are not superadmins", async ({ page, request }) => {
  const api = new Api(request);
  const user = await api.user();
  await apiLogin(page, user);
  for (const path of ["/admin/tenants", "/admin/users"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  }
  // Without any tenant, /ui explains instead of failing.
  await page.goto("/ui");
  await expect(page.getByRole("heading", { name: "You have no tenant yet" })).toBeVisible();
});

test("a viewer sees no management sections or actions", async ({ page, request }) => {
  const api = new Api(request);
  const tenant = await api.tenant();
  const viewer = await api.user();
  await api.grant(tenant.id, viewer, "viewer");
  await apiLogin(page, viewer);

  await page.goto(`/ui/${tenant.id}`);
  const nav = page.getByRole("navigation", { name: "Tenant sections" });
  await expect(nav.getByRole("link", { name: "Flows" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Roles" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Access" })).toHaveCount(0);

  await page.goto(`/ui/${tenant.id}/roles`);
  await expect(page.getByText("You cannot view roles in this tenant")).toBeVisible();
  await expect(page.getByRole("button", { name: "New role" })).toHaveCount(0);
});

import { expect, test } from "@playwright/test";
import { Api } from "./support";

test.describe("sign-in", () => {
  test("the form signs in, and a wrong password says so without a raw error", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant({ name: "Login Land" });
    const user = await api.user();
    await api.grant(tenant.id, user);

    await page.goto("/login");
    await expect(page).toHaveTitle("Sign in · Switchyard");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
    await expect(page.getByText(/CredentialsSignin|Error:/)).toHaveCount(0);
    await expect(page.getByLabel("Email")).toHaveValue(user.email);

    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`/ui/${tenant.id}`);
    await expect(page.getByTestId("tenant-switcher")).toContainText("Login Land");
    await page.screenshot({ path: "e2e/artifacts/after-login.png" });
  });

  test("a deep link opened while signed out lands on exactly that URL after login", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    const user = await api.user();
    await api.grant(tenant.id, user, "admin");

    const deepLink = `/ui/${tenant.id}/audit-logs?page=2`;
    await page.goto(deepLink);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(deepLink);
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  });

  test("after too many failures the form says so", async ({ page, request }) => {
    const api = new Api(request);
    const user = await api.user();
    const wrong = `Basic ${Buffer.from(`${user.email}:wrong-password`).toString("base64")}`;
    for (let i = 0; i < 10; i++) {
      const res = await request.get("/api/v1/me", { headers: { Authorization: wrong } });
      expect(res.status()).toBe(401);
    }
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many failed sign-ins");
  });

  test("signing out from the user menu ends the session", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    const user = await api.user();
    await api.grant(tenant.id, user);
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`/ui/${tenant.id}`);

    await page.getByTestId("user-menu").click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto(`/ui/${tenant.id}`);
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  });
});

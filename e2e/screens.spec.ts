import { expect, test, type Page } from "@playwright/test";
import { Api, admin, apiLogin } from "./support";

/**
 * Every page at desktop and phone size: each has a real title and one h1, nothing says
 * "coming soon", and nothing overflows sideways on a phone. The screenshots land in
 * e2e/artifacts/ for a person to look at.
 */
const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

async function check(page: Page, name: string, size: (typeof SIZES)[number]) {
  await expect(page.locator("h1").first()).toBeVisible();
  const title = await page.title();
  expect(title, `${name} title`).toMatch(/\S+ · Switchyard$/);
  await expect(page.getByText(/coming soon/i)).toHaveCount(0);
  const overflow = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const culprits = Array.from(document.querySelectorAll("body *"))
      .filter((el) => el.getBoundingClientRect().right > limit + 1)
      .filter((el) => !el.closest(".overflow-x-auto") || getComputedStyle(el).position === "absolute")
      .slice(0, 6)
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).split(" ").slice(0, 4).join(".")}`);
    return { by: document.documentElement.scrollWidth - limit, culprits };
  });
  // The page itself must never scroll sideways; wide tables scroll inside their own box.
  expect(overflow.by, `${name} scrolls sideways at ${size.width}px: ${overflow.culprits.join(", ")}`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `e2e/artifacts/${name}-${size.name}.png`, fullPage: true });
}

for (const size of SIZES) {
  test(`every page looks finished (${size.name})`, async ({ page, request, browser }) => {
    // Some twenty pages, each screenshotted full-page: more than the default budget on a
    // shared two-core machine.
    test.setTimeout(90_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    const api = new Api(request);
    const tenant = await api.tenant({ name: "Production", color: "#dc2626" });
    await api.tenant({ name: "Staging", color: "#ca8a04" });
    const member = await api.user({ firstName: "Ada" });
    await api.grant(tenant.id, member, "editor");
    const lonely = await api.user({ firstName: "Lonely" });

    await page.goto("/login");
    await check(page, "login", size);

    await apiLogin(page, admin);
    const t = `/ui/${tenant.id}`;
    const pages: [string, string][] = [
      ["dashboard", t],
      ["flows", `${t}/flows`],
      ["executions", `${t}/executions`],
      ["namespaces", `${t}/namespaces`],
      ["access", `${t}/access`],
      ["roles", `${t}/roles`],
      ["role-detail", `${t}/roles/editor`],
      ["audit-log", `${t}/audit-logs`],
      ["role-missing", `${t}/roles/does-not-exist`],
      ["tenant-not-found", "/ui/no-such-tenant"],
      ["admin-tenants", "/admin/tenants"],
      ["admin-users", "/admin/users"],
      ["admin-user", `/admin/users/${member.id}`],
      ["tokens", "/account/tokens"],
      ["logout", "/logout"],
      ["page-not-found", "/definitely/not/here"],
    ];
    for (const [name, path] of pages) {
      await page.goto(path);
      await check(page, name, size);
    }

    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const lonelyPage = await context.newPage();
    await apiLogin(lonelyPage, lonely);
    await lonelyPage.goto("/ui");
    await check(lonelyPage, "no-tenant", size);
    await context.close();
  });
}

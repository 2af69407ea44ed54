import { expect, test, type Page } from "@playwright/test";
import { Api, apiLogin, postFlow } from "./support";

async function shoot(page: Page, name: string) {
  for (const [suffix, viewport] of [["desktop", { width: 1440, height: 900 }], ["mobile", { width: 390, height: 844 }]] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: `e2e/artifacts/${name}-${suffix}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

const flow = (namespace: string, id: string) => `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;

test("an admin creates a group, binds it to a role in one namespace, and a member gains exactly those rights", async ({ page, browser, request }) => {
  test.setTimeout(120_000);
  const api = new Api(request);
  const tenant = await api.tenant({ name: "Group Garden" });
  const boss = await api.user({ firstName: "Boss" });
  const member = await api.user({ firstName: "Member" });
  await api.grant(tenant.id, boss, "admin");
  await api.grant(tenant.id, member, null);
  await postFlow(request, tenant.id, flow("team.alpha", "alpha-flow"));
  await postFlow(request, tenant.id, flow("team.beta", "beta-flow"));

  // Without a role the member sees no flows.
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await apiLogin(memberPage, member);
  await memberPage.goto(`/ui/${tenant.id}/flows`);
  await expect(memberPage.getByText("alpha-flow")).toHaveCount(0);

  await apiLogin(page, boss);
  await page.goto(`/ui/${tenant.id}/access`);
  await page.getByRole("navigation", { name: "Access" }).getByRole("link", { name: "Groups" }).click();
  await expect(page).toHaveURL(`/ui/${tenant.id}/access/groups`);
  const create = page.getByRole("form", { name: "New group" });
  await create.getByLabel("Name").fill("Alpha team");
  await create.getByLabel("Description").fill("Owns team.alpha");
  await create.getByRole("button", { name: "Create group" }).click();
  await page.getByRole("link", { name: "Alpha team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Alpha team" })).toBeVisible();

  const bind = page.getByRole("form", { name: "Bind a role" });
  await bind.getByLabel("Role").selectOption({ label: "Editor" });
  await bind.getByLabel("Namespace").fill("team.alpha");
  await bind.getByRole("button", { name: "Bind role" }).click();
  await expect(page.getByTestId("group-roles")).toContainText("Editor");
  await expect(page.getByTestId("group-roles")).toContainText("team.alpha");

  const add = page.getByRole("form", { name: "Add member" });
  await add.getByLabel("Member").selectOption({ label: member.email });
  await add.getByRole("button", { name: "Add member" }).click();
  await expect(page.locator(`tr[data-member="${member.email}"]`)).toBeVisible();
  await shoot(page, "group-detail");

  // The member now sees team.alpha's flow and not team.beta's.
  await memberPage.goto(`/ui/${tenant.id}/flows`);
  await expect(memberPage.getByRole("link", { name: "alpha-flow" }).first()).toBeVisible();
  await expect(memberPage.getByText("beta-flow")).toHaveCount(0);
  const other = await memberPage.goto(`/ui/${tenant.id}/flows/team.beta/beta-flow`);
  expect([403, 404, 200]).toContain(other?.status());
  await expect(memberPage.getByText("hello").first()).toHaveCount(0);

  // Removed from the group, the rights end at once.
  await page.locator(`tr[data-member="${member.email}"]`).getByRole("button", { name: `Remove ${member.email} from the group` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove member" }).click();
  await expect(page.locator(`tr[data-member="${member.email}"]`)).toHaveCount(0);
  await memberPage.goto(`/ui/${tenant.id}/flows`);
  await expect(memberPage.getByText("alpha-flow")).toHaveCount(0);
  await memberContext.close();

  await page.goto(`/ui/${tenant.id}/access/groups`);
  await shoot(page, "groups");
});

test("an admin creates a service account, binds a role and issues a token shown once", async ({ page, request }) => {
  const api = new Api(request);
  const tenant = await api.tenant({ name: "Robot Yard" });
  const boss = await api.user({ firstName: "Boss" });
  await api.grant(tenant.id, boss, "admin");
  await postFlow(request, tenant.id, flow("ops", "ops-flow"));
  await apiLogin(page, boss);

  await page.goto(`/ui/${tenant.id}/access/service-accounts`);
  const create = page.getByRole("form", { name: "New service account" });
  await create.getByLabel("Name").fill("ci-deployer");
  await create.getByRole("button", { name: "Create service account" }).click();
  await page.getByRole("link", { name: "ci-deployer" }).click();
  const bind = page.getByRole("form", { name: "Bind a role" });
  await bind.getByLabel("Role").selectOption({ label: "Viewer" });
  await bind.getByRole("button", { name: "Bind role" }).click();
  await expect(page.getByTestId("account-roles")).toContainText("Viewer");

  const tokenForm = page.getByRole("form", { name: "Create API token" });
  await tokenForm.getByLabel("Name").fill("pipeline");
  await tokenForm.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(new RegExp(`^sy_sa\\.${tenant.id}\\.`));
  await shoot(page, "service-account");

  const ok = await request.get(`/api/v1/${tenant.id}/flows/search`, { headers: { Authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect(JSON.stringify(await ok.json())).toContain("ops-flow");
  const elsewhere = await request.get(`/api/v1/${(await api.tenant()).id}/flows/search`, { headers: { Authorization: `Bearer ${token}` } });
  expect(elsewhere.status()).toBe(404);

  await page.goto(`/ui/${tenant.id}/access`);
  await shoot(page, "access-members");
});

test("the API reference renders the OpenAPI document, and an invitee sees the invitation banner", async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "Switchyard API" })).toBeVisible();
  const groups = page.getByRole("region", { name: "groups" });
  await expect(groups.getByText("/api/v1/{tenant}/groups/{id}/members/{userId}").first()).toBeVisible();
  await groups.locator("summary", { hasText: "GROUP:CREATE" }).click();
  await expect(groups.getByText('"membersId"').first()).toBeVisible();
  await shoot(page, "api-docs");

  const api = new Api(request);
  const tenant = await api.tenant({ name: "Invite Inn" });
  const invitee = await api.user();
  await api.call("POST", `/api/v1/${tenant.id}/invitations`, { email: invitee.email, bindings: [{ roleId: "viewer" }] });
  await apiLogin(page, invitee);
  await page.goto("/ui");
  await expect(page.getByRole("region", { name: "Invitations" })).toContainText("Invite Inn");
  await shoot(page, "invitation-banner");
});

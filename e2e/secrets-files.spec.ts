import { expect, test } from "@playwright/test";
import { Api, apiLogin, logMessages, postFlow, startExecution, uniq, waitForState, type SeededTenant, type SeededUser } from "./support";

/**
 * Issue 12: an admin adds a secret and a namespace file on the namespace page; a flow uses
 * both; its logs show `******` where the secret went, and the file's content as written.
 * Screenshots land in e2e/artifacts/.
 */

let tenant: SeededTenant;
let owner: SeededUser;
const VALUE = `sk-live-${uniq("v")}`;
const SQL = "select count(*) from orders";

const flow = `id: report
namespace: company.team
tasks:
  - id: use
    type: io.kestra.plugin.core.log.Log
    message: "token={{ secret('X') }} query={{ read('q.sql') }}"
`;

test.beforeAll(async ({ request }) => {
  const api = new Api(request);
  tenant = await api.tenant({ id: uniq("sec"), name: "Secrets and files" });
  owner = await api.user();
  await api.grant(tenant.id, owner, "admin");
  await postFlow(request, tenant.id, flow);
});

test("an admin adds a secret and a file; a flow uses both and its logs show ******", async ({ page, request }) => {
  await apiLogin(page, owner);
  await page.goto(`/ui/${tenant.id}/namespaces/company.team/secrets`);
  await page.getByLabel("Key").fill("X");
  await page.getByLabel("Value").fill(VALUE);
  await page.getByLabel("Description").fill("API token of the report");
  await page.getByRole("button", { name: "Save secret" }).click();
  const row = page.getByTestId("secrets").locator("tr", { hasText: "X" });
  await expect(row).toContainText("******");
  await expect(row).toContainText("API token of the report");
  await expect(page.locator("body")).not.toContainText(VALUE);
  await page.screenshot({ path: "e2e/artifacts/secrets-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e/artifacts/secrets-mobile.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  await page.getByRole("navigation", { name: "Namespace sections" }).getByRole("link", { name: "Files" }).click();
  await expect(page).toHaveURL(new RegExp(`/ui/${tenant.id}/namespaces/company.team/files$`));
  await page.getByRole("textbox", { name: "New file" }).fill("q.sql");
  await page.getByRole("button", { name: "Create" }).click();
  const editor = page.getByRole("textbox", { name: "Content of /q.sql" });
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.type(SQL);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("button", { name: "Save", exact: true })).toBeDisabled();
  const content = await request.get(`/api/v1/${tenant.id}/namespaces/company.team/files?path=/q.sql`, { headers: { Authorization: `Basic ${Buffer.from(`${owner.email}:${owner.password}`).toString("base64")}` } });
  expect(await content.text()).toBe(SQL);
  await page.screenshot({ path: "e2e/artifacts/files-desktop.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: "e2e/artifacts/files-mobile.png", fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });

  const started = await startExecution(request, tenant.id, "company.team", "report");
  const done = await waitForState(request, tenant.id, started.id, ["SUCCESS", "FAILED"]);
  expect(done.state.current).toBe("SUCCESS");
  const messages = await logMessages(request, tenant.id, started.id);
  expect(messages).toContain(`token=****** query=${SQL}`);
  await page.goto(`/ui/${tenant.id}/executions/company.team/report/${started.id}/logs`);
  await expect(page.getByText(`token=****** query=${SQL}`)).toBeVisible();
  await expect(page.locator("body")).not.toContainText(VALUE);
  await page.screenshot({ path: "e2e/artifacts/secrets-logs-desktop.png", fullPage: true });
});

import { expect, test } from "@playwright/test";
import { Api, admin, apiLogin, postFlow, startExecution, uniq, waitForState } from "./support";

/**
 * Issue 13's browser check: a sandboxed script's output files are listed on the execution's
 * outputs tab, each with a preview and a download of the tenant's stored file.
 */

const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "mobile", width: 390, height: 844 },
] as const;

test("a script's output files show on the outputs tab with a preview and a download", async ({ page, request }) => {
  test.setTimeout(90_000);
  const tenant = await new Api(request).tenant();
  const id = uniq("report");
  await postFlow(
    request,
    tenant.id,
    `id: ${id}
namespace: company.team
tasks:
  - id: build
    type: io.kestra.plugin.scripts.shell.Commands
    outputFiles:
      - "*.csv"
    commands:
      - printf 'city,trips\\nLyon,12\\nNantes,7\\n' > report.csv
      - echo '::{"outputs":{"rows":2}}::'
`,
  );
  const started = await startExecution(request, tenant.id, "company.team", id);
  const done = await waitForState(request, tenant.id, started.id, ["SUCCESS", "FAILED", "WARNING"]);
  expect(done.state.current).toBe("SUCCESS");

  await apiLogin(page, admin);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto(`/ui/${tenant.id}/executions/company.team/${id}/${started.id}/outputs`);
    const outputs = page.getByTestId("task-outputs");
    await expect(outputs.getByText("build", { exact: true })).toBeVisible();
    // The outputFiles key, and the stored file under it.
    await expect(outputs.getByText("report.csv")).toHaveCount(2);
    const download = outputs.getByRole("link", { name: "Download" });
    await expect(download).toBeVisible();
    if (size.name === "desktop") {
      await outputs.getByRole("button", { name: "Preview" }).click();
      await expect(page.getByTestId("file-preview")).toContainText("Lyon,12");
      // The link serves the stored file itself, to this tenant's signed-in user.
      const res = await page.request.get((await download.getAttribute("href"))!);
      expect(res.status()).toBe(200);
      expect(await res.text()).toBe("city,trips\nLyon,12\nNantes,7\n");
    }
    await page.screenshot({ path: `e2e/artifacts/script-outputs-${size.name}.png`, fullPage: true });
  }
});

import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Api, admin, adminAuth, apiLogin, getExecution, logMessages, postFlow, startExecution, waitForState, type ApiExecution } from "./support";

/**
 * What a user does to executions once they exist: bulk kill / restart / delete from the
 * list, replay from a task run, resume a paused execution with its inputs, and edit
 * labels. Each action is checked on screen and against the REST API.
 */

const href = (tenantId: string, e: { namespace: string; flowId: string; id: string }, tab = "") => `/ui/${tenantId}/executions/${e.namespace}/${e.flowId}/${e.id}${tab ? `/${tab}` : ""}`;
const row = (page: Page, id: string) => page.locator(`[data-testid="executions"] tbody tr[data-execution-id="${id}"]`);
const select = (page: Page, id: string) => page.getByLabel(`Select execution ${id.slice(0, 8)}`, { exact: true }).check();

async function states(request: APIRequestContext, tenantId: string, ids: string[]) {
  return Promise.all(ids.map(async (id) => (await getExecution(request, tenantId, id)).execution?.state.current));
}

test.describe("execution actions", () => {
  test("bulk kill, restart and delete from the list act on the selected rows only", async ({ page, request }) => {
    test.setTimeout(90_000);
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(request, tenant.id, `id: long\nnamespace: company.team\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT60S\n`);
    // Fails until the KV key `fixed` exists: a restart after the fix succeeds.
    await postFlow(
      request,
      tenant.id,
      `id: flaky\nnamespace: company.team\ntasks:\n  - id: check\n    type: io.kestra.plugin.core.execution.Fail\n    condition: "{{ kv('fixed') is null }}"\n    errorMessage: not fixed yet\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: fixed and done\n`,
    );
    await postFlow(request, tenant.id, `id: ok\nnamespace: company.team\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`);
    const running = [await startExecution(request, tenant.id, "company.team", "long"), await startExecution(request, tenant.id, "company.team", "long"), await startExecution(request, tenant.id, "company.team", "long")];
    const failed = [await startExecution(request, tenant.id, "company.team", "flaky"), await startExecution(request, tenant.id, "company.team", "flaky")];
    const ok = [await startExecution(request, tenant.id, "company.team", "ok"), await startExecution(request, tenant.id, "company.team", "ok")];
    for (const e of running) await waitForState(request, tenant.id, e.id, ["RUNNING"]);
    for (const e of failed) await waitForState(request, tenant.id, e.id, ["FAILED"]);
    for (const e of ok) await waitForState(request, tenant.id, e.id, ["SUCCESS"]);

    await apiLogin(page, admin);
    await page.goto(`/ui/${tenant.id}/executions`);
    await expect(page.getByTestId("executions").locator("tbody tr")).toHaveCount(7);
    const bar = page.getByTestId("bulk-bar");
    await expect(bar).toHaveCount(0);

    // Kill two of the three running executions.
    await select(page, running[0]!.id);
    await select(page, running[1]!.id);
    await expect(bar).toContainText("2 selected");
    await bar.getByRole("button", { name: "Kill" }).click();
    const killDialog = page.getByRole("dialog", { name: "Kill 2 executions?" });
    await killDialog.getByRole("button", { name: "Kill" }).click();
    await expect(page.getByText("Killed 2 executions.")).toBeVisible();
    await expect(row(page, running[0]!.id)).toHaveAttribute("data-state", "KILLED", { timeout: 15_000 });
    await expect(row(page, running[1]!.id)).toHaveAttribute("data-state", "KILLED");
    await expect(row(page, running[2]!.id)).toHaveAttribute("data-state", "RUNNING");
    expect(await states(request, tenant.id, running.map((e) => e.id))).toEqual(["KILLED", "KILLED", "RUNNING"]);
    await expect(bar).toHaveCount(0);

    // Fix the cause, then restart one failed execution: it runs its failed task run again and succeeds.
    const kv = await request.put(`/api/v1/${tenant.id}/namespaces/company.team/kv/fixed`, { data: "yes", headers: { ...adminAuth, "Content-Type": "application/json" } });
    expect(kv.status(), await kv.text()).toBeLessThan(300);
    await select(page, failed[0]!.id);
    await bar.getByRole("button", { name: "Restart" }).click();
    await page.getByRole("dialog", { name: "Restart 1 executions?" }).getByRole("button", { name: "Restart" }).click();
    await expect(page.getByText("Restarted 1 execution.")).toBeVisible();
    await expect(row(page, failed[0]!.id)).toHaveAttribute("data-state", "SUCCESS", { timeout: 15_000 });
    await expect(row(page, failed[1]!.id)).toHaveAttribute("data-state", "FAILED");
    const restarted = (await getExecution(request, tenant.id, failed[0]!.id)).execution!;
    expect(restarted.state.histories.map((h) => h.state)).toContain("RESTARTED");
    expect(await logMessages(request, tenant.id, failed[0]!.id)).toContain("fixed and done");

    // Delete both successful ones: gone from the list and from the API.
    await select(page, ok[0]!.id);
    await select(page, ok[1]!.id);
    await bar.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete 2 executions?" }).getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText("Deleted 2 executions.")).toBeVisible();
    await expect(row(page, ok[0]!.id)).toHaveCount(0);
    await expect(row(page, ok[1]!.id)).toHaveCount(0);
    await expect(page.getByTestId("executions").locator("tbody tr")).toHaveCount(5);
    for (const e of ok) expect((await getExecution(request, tenant.id, e.id)).status).toBe(404);

    // A selection that cannot all be done says which ones were not.
    await select(page, running[2]!.id);
    await select(page, failed[1]!.id);
    await bar.getByRole("button", { name: "Kill" }).click();
    await page.getByRole("dialog", { name: "Kill 2 executions?" }).getByRole("button", { name: "Kill" }).click();
    await expect(page.getByText(/Killed 1 execution\. 1 not: /)).toContainText(failed[1]!.id.slice(0, 8));
    await expect(row(page, running[2]!.id)).toHaveAttribute("data-state", "KILLED", { timeout: 15_000 });
    await expect(row(page, failed[1]!.id)).toHaveAttribute("data-state", "FAILED");

  });

  test("replay from a task run starts a new execution that skips the tasks before it", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(
      request,
      tenant.id,
      `id: steps\nnamespace: company.team\ntasks:\n  - id: extract\n    type: io.kestra.plugin.core.log.Log\n    message: extract ran\n  - id: transform\n    type: io.kestra.plugin.core.log.Log\n    message: transform ran\n  - id: load\n    type: io.kestra.plugin.core.log.Log\n    message: load ran\n`,
    );
    const original = await startExecution(request, tenant.id, "company.team", "steps");
    const done = await waitForState(request, tenant.id, original.id, ["SUCCESS"]);
    const transform = done.taskRunList.find((r) => r.taskId === "transform")!;

    await apiLogin(page, admin);
    await page.goto(href(tenant.id, original));
    await page.getByTestId("replay").click();
    const dialog = page.getByRole("dialog", { name: "Replay this execution?" });
    await dialog.getByLabel("Replay from").selectOption(transform.id);
    await dialog.getByRole("button", { name: "Replay" }).click();

    // The new execution opens; the original stays as it was.
    await expect(page).not.toHaveURL(new RegExp(original.id));
    await expect(page).toHaveURL(new RegExp(`/ui/${tenant.id}/executions/company\\.team/steps/[A-Za-z0-9_-]+$`));
    const replayId = page.url().split("/").pop()!;
    await expect(page.getByTestId("execution-id")).toHaveText(replayId);
    await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "SUCCESS", { timeout: 15_000 });
    const replay = (await getExecution(request, tenant.id, replayId)).execution!;
    expect(replay.taskRunList.map((r) => [r.taskId, r.state.current])).toEqual([
      ["extract", "SUCCESS"],
      ["transform", "SUCCESS"],
      ["load", "SUCCESS"],
    ]);
    // `extract` kept its result and did not run again; the chosen task and the ones after it did.
    expect(await logMessages(request, tenant.id, replayId)).toEqual(["transform ran", "load ran"]);
    expect(await logMessages(request, tenant.id, original.id)).toEqual(["extract ran", "transform ran", "load ran"]);
    expect((await getExecution(request, tenant.id, original.id)).execution!.state.current).toBe("SUCCESS");

    await page.goto(href(tenant.id, { ...original, id: replayId }, "logs"));
    await expect(page.getByTestId("log-line").filter({ hasText: "transform ran" })).toBeVisible();
    await expect(page.getByTestId("log-line").filter({ hasText: "extract ran" })).toHaveCount(0);
  });

  test("a paused execution resumes with the inputs its Pause task asks for", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(
      request,
      tenant.id,
      `id: approval
namespace: company.team
tasks:
  - id: prepare
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT2S
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: approved
        type: BOOLEAN
        defaults: true
      - id: reason
        type: STRING
        description: Why it may go on
  - id: report
    type: io.kestra.plugin.core.log.Log
    message: "approved={{ outputs.wait.onResume.approved }} reason={{ outputs.wait.onResume.reason }}"
`,
    );
    const e = await startExecution(request, tenant.id, "company.team", "approval");
    await waitForState(request, tenant.id, e.id, ["RUNNING"]);

    // Opened while it still runs: it pauses on screen, and the Resume form has the Pause task's inputs.
    await apiLogin(page, admin);
    await page.goto(href(tenant.id, e));
    await expect(page.getByTestId("resume")).toHaveCount(0);
    await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "PAUSED", { timeout: 15_000 });
    await page.getByTestId("resume").click();
    const dialog = page.getByRole("dialog", { name: "Resume this execution?" });
    await expect(dialog.getByText("Why it may go on")).toBeVisible();
    // `reason` is required: the field says so and the execution stays paused.
    await dialog.getByRole("button", { name: "Resume" }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.locator("#resume-reason-error")).toBeVisible();
    expect((await getExecution(request, tenant.id, e.id)).execution!.state.current).toBe("PAUSED");

    await dialog.getByLabel(/^approved/).selectOption("false");
    await dialog.getByLabel(/^reason/).fill("checked by Ada");
    await dialog.getByRole("button", { name: "Resume" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("execution-state")).toHaveAttribute("data-state", "SUCCESS", { timeout: 15_000 });
    await expect(page.getByTestId("resume")).toHaveCount(0);
    expect(await logMessages(request, tenant.id, e.id)).toContain("approved=false reason=checked by Ada");
  });

  test("labels are edited on the execution page and filter the list", async ({ page, request }) => {
    const api = new Api(request);
    const tenant = await api.tenant();
    await postFlow(request, tenant.id, `id: tagged\nnamespace: company.team\nlabels:\n  team: data\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`);
    const e = await startExecution(request, tenant.id, "company.team", "tagged");
    const other = await startExecution(request, tenant.id, "company.team", "tagged");
    await waitForState(request, tenant.id, e.id, ["SUCCESS"]);
    await waitForState(request, tenant.id, other.id, ["SUCCESS"]);

    await apiLogin(page, admin);
    await page.goto(href(tenant.id, e));
    const labels = page.getByTestId("execution-labels");
    await expect(labels).toContainText("team:data");
    await labels.getByRole("button", { name: "Edit labels" }).click();
    // The engine's own labels (system.correlationId) are kept, not offered for editing.
    const system = (await getExecution(request, tenant.id, e.id)).execution!.labels!.filter((l) => l.key.startsWith("system."));
    expect(system.map((l) => l.key)).toContain("system.correlationId");
    const text = page.getByLabel("Labels, one key:value per line");
    await expect(text).toHaveValue("team:data");
    await text.fill("team:platform\nnot a label");
    await page.getByRole("button", { name: "Save labels" }).click();
    await expect(page.getByText("“not a label” is not key:value.")).toBeVisible();
    await text.fill("team:platform\nenv:prod");
    await page.getByRole("button", { name: "Save labels" }).click();
    await expect(labels).toContainText("team:platform");
    await expect(labels).toContainText("env:prod");
    await expect(labels).not.toContainText("team:data");

    // Stored: the API and a fresh load agree, the other execution is untouched.
    const saved = (await getExecution(request, tenant.id, e.id)).execution as ApiExecution;
    expect(saved.labels).toEqual([...system, { key: "team", value: "platform" }, { key: "env", value: "prod" }]);
    expect((await getExecution(request, tenant.id, other.id)).execution!.labels).toContainEqual({ key: "team", value: "data" });
    await page.reload();
    await expect(page.getByTestId("execution-labels")).toContainText("env:prod");

    // A label chip opens the list filtered by it: only this execution.
    await page.getByTestId("execution-labels").getByRole("link", { name: /env:\s?prod/ }).click();
    await expect(page).toHaveURL(/labels=env(:|%3A)prod/);
    await expect(page.getByTestId("executions").locator("tbody tr")).toHaveCount(1);
    await expect(row(page, e.id)).toBeVisible();
  });
});

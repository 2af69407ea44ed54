import fs from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withInstance, withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import { tenants } from "@/db/schema";
import { eq } from "drizzle-orm";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { killExecution, startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { getStorage, uriToKey } from "@/engine/storage/storage";
import type { Execution } from "@/engine/executor";
import { scriptSlots } from "@/engine/tasks/scripts/runner";
import { sandboxProbe } from "@/engine/tasks/scripts/sandbox";
import { forgetNetworkPolicy } from "@/engine/net/tenant-policy";
import { scriptHost } from "@/engine/worker/services";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes } from "../helpers/routes";

/** Writes a tenant's settings as a superadmin's change does, and forgets this process's cached copy (the engine reads settings through a short cache). */
async function setSettings(tenantId: string, settings: Record<string, unknown>) {
  await withInstance((tx) => tx.update(tenants).set({ settings }).where(eq(tenants.id, tenantId)));
  forgetNetworkPolicy(tenantId);
}

let a: string;
let b: string;
let flowSeq = 0;

async function run(tenantId: string, tasks: string, timeoutMs = 30_000): Promise<{ execution: Execution; logs: { level: string; message: string; taskId: string | null }[] }> {
  const id = `f${++flowSeq}`;
  const source = `id: ${id}\nnamespace: company.team\ntasks:\n${tasks}`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const started = await startExecution({ tenantId, namespace: "company.team", flowId: id, inputs: {} });
  const execution = (await waitForEnd(tenantId, started.id, timeoutMs))!;
  const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: started.id }));
  return { execution, logs: logs.map((l) => ({ level: l.level, message: l.message, taskId: l.taskId })) };
}

const sh = (id: string, commands: string[], extra = "") =>
  `  - id: ${id}\n    type: io.kestra.plugin.scripts.shell.Commands\n${extra}    commands:\n${commands.map((c) => `      - ${JSON.stringify(c)}`).join("\n")}\n`;

const py = (id: string, script: string, extra = "") =>
  `  - id: ${id}\n    type: io.kestra.plugin.scripts.python.Script\n${extra}    script: |\n${script.split("\n").map((l) => `      ${l}`).join("\n")}\n`;

const stateOf = (e: Execution, taskId: string) => e.taskRunList.find((r) => r.taskId === taskId)?.state.current;

test("the sandbox can be built here (bubblewrap installed, namespaces allowed)", () => {
  expect(sandboxProbe()).toMatchObject({ ok: true, slirp: true });
});

beforeAll(async () => {
  a = (await seedTenant()).id;
  b = (await seedTenant()).id;
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

describe("script tasks", () => {
  test("a ::outputs:: line becomes vars the next task reads", async () => {
    const { execution, logs } = await run(a, sh("t", ['echo \'::{"outputs":{"n":42}}::\'', "echo plain"]) + `  - id: next\n    type: io.kestra.plugin.core.log.Log\n    message: "n is {{ outputs.t.vars.n }}"\n`);
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.taskRunList[0].outputs).toMatchObject({ exitCode: 0, vars: { n: 42 } });
    expect(logs).toContainEqual(expect.objectContaining({ taskId: "next", message: "n is 42" }));
    expect(logs).toContainEqual(expect.objectContaining({ taskId: "t", level: "INFO", message: "plain" }));
  });

  test("a Python output file is read by a later task through outputFiles", async () => {
    const { execution, logs } = await run(
      a,
      py("t", 'open("out.csv", "w").write("a,b\\n1,2\\n")', "    outputFiles:\n      - out.csv\n") +
        sh("reader", ["cat {{ workingDir }}/in.csv"], "    inputFiles:\n      in.csv: \"{{ outputs.t.outputFiles['out.csv'] }}\"\n") +
        `  - id: read\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ read(outputs.t.outputFiles['out.csv']) }}"\n`,
    );
    expect(execution.state.current).toBe("SUCCESS");
    const uri = execution.taskRunList[0].outputs?.outputFiles as Record<string, string>;
    expect(uri["out.csv"]).toMatch(/^kestra:\/\/\/company\/team\/.*out\.csv$/);
    expect(logs.filter((l) => l.taskId === "reader").map((l) => l.message)).toEqual(["a,b", "1,2"]);
    expect(logs).toContainEqual(expect.objectContaining({ taskId: "read", message: "a,b\n1,2\n" }));
  });

  test("stderr lines are ERROR logs (WARNING task), exit 3 fails with code 3 and the last stderr lines", async () => {
    const warned = await run(a, sh("t", ["echo oops >&2"]));
    expect(warned.logs).toContainEqual(expect.objectContaining({ taskId: "t", level: "ERROR", message: "oops" }));
    expect(stateOf(warned.execution, "t")).toBe("WARNING");
    const failed = await run(a, sh("t", ["echo 'bad thing' >&2", "exit 3"]));
    expect(failed.execution.state.current).toBe("FAILED");
    expect(failed.logs.some((l) => l.level === "ERROR" && /exit code 3/.test(l.message) && /bad thing/.test(l.message))).toBe(true);
  });

  test("a ::logs:: line logs at its level; outputDir files are output files", async () => {
    const { execution, logs } = await run(a, sh("t", ['echo \'::{"logs":[{"level":"WARN","message":"careful"}]}::\'', "echo hi > {{ outputDir }}/o.txt"]));
    expect(logs).toContainEqual(expect.objectContaining({ level: "WARN", message: "careful" }));
    expect(Object.keys(execution.taskRunList[0].outputs?.outputFiles as object)).toEqual(["o.txt"]);
  });

  test("output lines reach the logs while the script still runs", async () => {
    const source = `id: live\nnamespace: company.team\ntasks:\n${sh("t", ["echo early", "sleep 3", "echo late"])}`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error("invalid");
    await withTenant({ tenantId: a }, (tx) => saveFlow(tx, { tenantId: a, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
    const started = await startExecution({ tenantId: a, namespace: "company.team", flowId: "live", inputs: {} });
    let seen: string[] = [];
    for (let i = 0; i < 40 && !seen.includes("early"); i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await withTenant({ tenantId: a }, (tx) => findExecutionLogs(tx, { executionId: started.id }))).map((l) => l.message);
    }
    expect(seen).toContain("early");
    expect(seen).not.toContain("late");
    await waitForEnd(a, started.id, 10_000);
    const all = (await withTenant({ tenantId: a }, (tx) => findExecutionLogs(tx, { executionId: started.id }))).map((l) => l.message);
    expect(all.filter((m) => m === "early")).toHaveLength(1);
    expect(all.indexOf("early")).toBeLessThan(all.indexOf("late"));
  });

  test("python.Commands runs `python` (an alias of the worker's python3)", async () => {
    const { execution, logs } = await run(a, `  - id: t\n    type: io.kestra.plugin.scripts.python.Commands\n    commands:\n      - python -c "print(6*7)"\n      - cat /etc/resolv.conf\n`);
    expect(logs.filter((l) => l.level === "ERROR")).toEqual([]);
    expect(execution.state.current).toBe("SUCCESS");
    expect(logs).toContainEqual(expect.objectContaining({ taskId: "t", message: "42" }));
    // slirp4netns's DNS forwarder, readable by the script's unprivileged uid
    expect(logs).toContainEqual(expect.objectContaining({ taskId: "t", message: "nameserver 10.0.2.3" }));
  });

  test("a task runner other than Process is refused when the flow is validated", () => {
    const parsed = validateFlowSource(`id: x\nnamespace: n\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    taskRunner:\n      type: io.kestra.plugin.scripts.runner.docker.Docker\n    commands: [echo]\n`);
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(parsed)).toMatch(/only the Process task runner/);
  });

});

describe("escapes from a script, each failing", () => {
  test("the server's environment, DATA_DIR, another tenant's work and storage are out of sight", async () => {
    process.env.SWITCHYARD_ESCAPE_CANARY = "canary-secret";
    const dataDir = path.resolve(process.env.DATA_DIR || ".data");
    const { execution, logs } = await run(
      a,
      sh("t", [
        "cat /proc/1/environ | tr '\\0' '\\n'; env",
        `ls ${dataDir} 2>&1 || echo no-data-dir`,
        `ls ${path.join(dataDir, "script-runs", b)} 2>&1 || echo no-other-tenant`,
        `ls ${path.join(dataDir, "storage", b)} 2>&1 || echo no-other-storage`,
        "ls /root /home 2>&1 || echo no-home",
        "id -u",
      ], "    failFast: false\n"),
    );
    const text = logs.map((l) => l.message).join("\n");
    expect(execution.taskRunList[0].state.current).not.toBe("FAILED");
    expect(text).not.toMatch(/canary-secret|DATABASE_URL|AUTH_SECRET|SWITCHYARD/);
    expect(text).toMatch(/no-data-dir/);
    expect(text).toMatch(/no-other-tenant/);
    expect(text).toMatch(/no-other-storage/);
    expect(text).not.toMatch(/^0$/m);
  });

  test("the database port and the app's loopback port cannot be reached", async () => {
    // Any loopback port of the host (0: the system picks one, so parallel runs never collide).
    const server = net.createServer((s) => s.end("reached\n"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const { logs } = await run(
        a,
        py("t", [
          "import socket",
          `for port in (5432, ${port}):`,
          "    for host in ('127.0.0.1', '10.0.2.2'):",
          "        try:",
          "            socket.create_connection((host, port), timeout=2); print('CONNECTED', host, port)",
          "        except OSError as e: print('refused', host, port)",
        ].join("\n")),
      );
      const text = logs.map((l) => l.message).join("\n");
      expect(text).not.toMatch(/CONNECTED/);
      expect(text.match(/refused/g)).toHaveLength(4);
    } finally {
      server.close();
    }
  });

  test("a fork bomb, a memory hog and a disk filler are stopped by the limits", async () => {
    const bombing = run(a, py("t", "import os\nwhile True:\n    os.fork()"), 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    // Meanwhile the server keeps serving: another tenant's script and a query both answer.
    const t0 = Date.now();
    const other = await run(b, sh("t", ["echo still-here"]));
    expect(other.logs).toContainEqual(expect.objectContaining({ message: "still-here" }));
    await withInstance((tx) => tx.select().from(tenants).where(eq(tenants.id, b)));
    expect(Date.now() - t0).toBeLessThan(10_000);
    const bomb = await bombing;
    expect(bomb.execution.state.current).toBe("FAILED");
    const hog = await run(a, py("t", "x = bytearray(4 * 1024 * 1024 * 1024)\nprint('allocated')"));
    expect(hog.execution.state.current).toBe("FAILED");
    expect(hog.logs.some((l) => /MemoryError/.test(l.message))).toBe(true);
    const filler = await run(a, sh("t", ["dd if=/dev/zero of=big bs=1M count=2000"]), 60_000);
    expect(filler.execution.state.current).toBe("FAILED");
  });

  test("a script outliving its timeout, or killed, stops at once with its whole tree", async () => {
    const timed = await run(a, sh("t", ["sleep 30 & sleep 30"], "    timeout: PT1S\n"));
    expect(timed.execution.state.current).toBe("FAILED");
    expect(timed.logs.some((l) => /Timeout/.test(l.message))).toBe(true);

    const source = `id: killme\nnamespace: company.team\ntasks:\n${sh("t", ["sleep 60"])}`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error("invalid");
    await withTenant({ tenantId: a }, (tx) => saveFlow(tx, { tenantId: a, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
    const started = await startExecution({ tenantId: a, namespace: "company.team", flowId: "killme", inputs: {} });
    await new Promise((r) => setTimeout(r, 1500));
    const early = await withTenant({ tenantId: a }, (tx) => findExecutionLogs(tx, { executionId: started.id }));
    expect(early.filter((l) => l.level === "ERROR").map((l) => l.message)).toEqual([]);
    const at = Date.now();
    await killExecution(a, started.id);
    const done = await waitForEnd(a, started.id, 10_000);
    expect(done?.state.current).toBe("KILLED");
    expect(Date.now() - at).toBeLessThan(5000);
  });

  test("a tenant whose network is denied gets no interface but loopback; an allowed one gets slirp's", async () => {
    await setSettings(b, { scriptNetwork: false });
    const interfaces = "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '";
    const denied = await run(b, sh("t", [interfaces]));
    expect(denied.logs.filter((l) => l.taskId === "t").map((l) => l.message)).toEqual(["lo"]);
    const allowed = await run(a, sh("t", [interfaces]));
    expect(allowed.logs.filter((l) => l.taskId === "t").map((l) => l.message).sort()).toEqual(["lo", "tap0"]);
    // Network namespaces are made ahead of time and may serve one tenant's runs one after
    // another, never the host's and never another tenant's, and never two runs at once.
    const namespaceOf = async (tenant: string, extra: string[] = []) =>
      (await run(tenant, sh("t", ["readlink /proc/self/ns/net", ...extra]))).logs.find((l) => l.taskId === "t")?.message;
    await setSettings(b, {});
    const ofA = [await namespaceOf(a), await namespaceOf(a)];
    const ofB = [await namespaceOf(b), await namespaceOf(b)];
    const host = await fs.readlink("/proc/self/ns/net");
    expect([...ofA, ...ofB]).not.toContain(host);
    for (const n of ofB) expect(ofA).not.toContain(n);
    const together = await Promise.all([namespaceOf(a, ["sleep 1"]), namespaceOf(a, ["sleep 1"])]);
    expect(new Set(together).size).toBe(2);
    await setSettings(b, {});
  });
});

describe("two tenants at once", () => {
  test("20 scripts each see only their own files, and the per-tenant cap holds", async () => {
    const peak: Record<string, number> = {};
    const sampler = setInterval(() => {
      for (const t of [a, b]) peak[t] = Math.max(peak[t] ?? 0, scriptSlots().runningOf(t));
    }, 20);
    const many = (tenant: string) =>
      Array.from({ length: 20 }, (_, i) =>
        run(tenant, sh("t", [`echo ${tenant}-${i} > mine.txt`, "sleep 0.3", "ls -A | grep -v '^[A-Za-z0-9_-]\\{10\\}$' | tr '\\n' ' '; echo", "cat mine.txt"]), 120_000),
      );
    const results = await Promise.all([...many(a), ...many(b)]);
    clearInterval(sampler);
    for (const [i, r] of results.entries()) {
      const tenant = i < 20 ? a : b;
      expect(r.execution.state.current).toBe("SUCCESS");
      const messages = r.logs.map((l) => l.message);
      expect(messages).toContain(`${tenant}-${i % 20}`);
      expect(messages).toContain("mine.txt ");
    }
    expect(peak[a]).toBeLessThanOrEqual(4);
    expect(peak[b]).toBeLessThanOrEqual(4);
    expect(peak[a]).toBeGreaterThan(0);
  }, 180_000);
});

test("script output files stay in the tenant's storage", async () => {
  const { execution } = await run(a, sh("t", ["echo x > f.txt"], "    outputFiles: ['*.txt']\n"));
  const uri = (execution.taskRunList[0].outputs?.outputFiles as Record<string, string>)["f.txt"];
  expect(await getStorage().get(a, uriToKey(uri))).not.toBeNull();
  expect(await getStorage().get(b, uriToKey(uri))).toBeNull();
});

describe("the scriptNetwork setting", () => {
  test("a superadmin sets it through the tenants API; others cannot; a wrong value is a 422 naming it", async () => {
    const [route] = await loadRoutes((p) => p === "tenants/[id]");
    const superadmin = await seedUser({ superAdmin: true });
    const plain = await seedUser({ access: [a] });
    const tenant = (await seedTenant()).id;
    const put = (body: unknown, email = superadmin.email) => call(route, "PUT", { params: { id: tenant }, auth: basicAuth(email), body });

    const denied = await put({ settings: { scriptNetwork: false } });
    expect(denied.status).toBe(200);
    expect(denied.json).toMatchObject({ id: tenant, settings: { scriptNetwork: false } });
    expect(await scriptHost(tenant).networkAllowed()).toBe(false);

    const renamed = await put({ name: "Renamed" });
    expect(renamed.json).toMatchObject({ name: "Renamed", settings: { scriptNetwork: false } });

    const wrong = await put({ settings: { scriptNetwork: "yes" } });
    expect(wrong.status).toBe(422);
    expect(JSON.stringify(wrong.json)).toMatch(/settings\.scriptNetwork/);

    expect((await put({ settings: { scriptNetwork: true } }, plain.email)).status).toBe(403);
    const read = await call(route, "GET", { params: { id: tenant }, auth: basicAuth(superadmin.email) });
    expect(read.json).toMatchObject({ settings: { scriptNetwork: false } });
  });
});

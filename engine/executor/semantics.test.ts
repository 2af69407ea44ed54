import { describe, expect, it } from "vitest";
import { runFlowInMemory } from "@/engine/memory";
import type { HttpRequest, HttpResponse } from "./services";
import { summary } from "./test-helpers";

/**
 * Behaviours where the engine used to differ from Kestra (issue 14), each against the Kestra
 * source or test that decides it.
 */

describe("a failing finally task (Kestra's ExecutorService.onEnd → Execution.guessFinalState(flow))", () => {
  // Kestra computes the end state from the flow's `tasks` only (FlowableUtils.resolveState does
  // the same for a flowable's children): a failed `finally` task run is shown FAILED, but the
  // execution keeps the state its tasks earned. FinallyTest covers the finally branch itself.
  it("leaves the execution SUCCESS when the tasks succeeded", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: finally-fails
namespace: tests
tasks:
  - id: ok
    type: io.kestra.plugin.core.log.Log
    message: ok
finally:
  - id: cleanup
    type: io.kestra.plugin.core.execution.Fail
  - id: after-cleanup
    type: io.kestra.plugin.core.log.Log
    message: still runs
`,
    });
    // Execution.findTaskDependingFlowState: once started, finally goes on to its end.
    expect(summary(execution)).toEqual(["ok:SUCCESS", "cleanup:FAILED", "after-cleanup:SUCCESS"]);
    expect(execution.state.current).toBe("SUCCESS");
  });

  it("leaves a flowable SUCCESS when its own finally fails", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: finally-fails-local
namespace: tests
tasks:
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: a
        type: io.kestra.plugin.core.log.Log
        message: a
    finally:
      - id: cleanup
        type: io.kestra.plugin.core.execution.Fail
  - id: next
    type: io.kestra.plugin.core.log.Log
    message: next
`,
    });
    expect(summary(execution)).toEqual(["seq:SUCCESS", "a:SUCCESS", "cleanup:FAILED", "next:SUCCESS"]);
    expect(execution.state.current).toBe("SUCCESS");
  });
});

describe("a Parallel with a failed child (Kestra's ParallelTest, FlowableUtils.resolveState)", () => {
  const flow = (failFast: boolean) => `
id: parallel-fail
namespace: tests
tasks:
  - id: parallel
    type: io.kestra.plugin.core.flow.Parallel
    failFast: ${failFast}
    tasks:
      - id: fail
        type: io.kestra.plugin.core.execution.Fail
      - id: slow
        type: io.kestra.plugin.core.flow.Sleep
        duration: PT10S
errors:
  - id: handler
    type: io.kestra.plugin.core.log.Log
    message: handled
`;

  // ParallelTest.parallelFailWithFlowable / parallelFailFastDisabled: the Parallel fails as soon as
  // a child fails (resolveState does not wait); the siblings already running end on their own.
  it("fails at once without failFast: the errors branch starts while the sibling still runs, which then ends SUCCESS", async () => {
    const { execution } = await runFlowInMemory({ flow: flow(false) });
    expect(execution.state.current).toBe("FAILED");
    const byId = Object.fromEntries(execution.taskRunList.map((r) => [r.taskId, r]));
    expect(byId.parallel.state.current).toBe("FAILED");
    expect(byId.slow.state.current).toBe("SUCCESS");
    expect(byId.handler.state.current).toBe("SUCCESS");
    expect(Date.parse(byId.parallel.state.endDate!)).toBeLessThan(Date.parse(byId.slow.state.endDate!));
    expect(Date.parse(byId.handler.state.startDate)).toBeLessThan(Date.parse(byId.slow.state.endDate!));
  });

  // ParallelTest.parallelFailFast / parallelFailFastWithErrors: with failFast the running siblings are KILLED.
  it("kills the running siblings with failFast: true", async () => {
    const { execution } = await runFlowInMemory({ flow: flow(true) });
    expect(execution.state.current).toBe("FAILED");
    const byId = Object.fromEntries(execution.taskRunList.map((r) => [r.taskId, r]));
    expect(byId.fail.state.current).toBe("FAILED");
    expect(byId.slow.state.current).toBe("KILLED");
    expect(byId.handler.state.current).toBe("SUCCESS");
  });
});

describe("ForEach over values holding null (Kestra's EachSequentialTest.eachNull, FlowableUtils.resolveEachTasks)", () => {
  it("fails with Kestra's text, the values rendered as Java prints a list and a map", async () => {
    const { execution, logs } = await runFlowInMemory({
      flow: `
id: each-null
namespace: tests
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: '[1, null, {"key": "my-key", "value": "my-value"}, [true, 1.5, "s"]]'
    tasks:
      - id: t
        type: io.kestra.plugin.core.log.Log
        message: x
`,
    });
    expect(execution.state.current).toBe("FAILED");
    expect(logs.map((l) => l.message)).toContain("Found '1' null values on Each, with values=[1, null, {key=my-key, value=my-value}, [true, 1.5, s]]");
  });
});

describe("http.Request auth and proxy options (Kestra's HttpConfiguration, RequestTest.basicAuth / bearerAuth)", () => {
  const run = async (options: string) => {
    const requests: HttpRequest[] = [];
    const http = async (request: HttpRequest): Promise<HttpResponse> => {
      requests.push(request);
      return { status: 200, headers: {}, body: "ok" };
    };
    const { execution, logs } = await runFlowInMemory({
      services: { http },
      flow: `
id: auth
namespace: tests
tasks:
  - id: call
    type: io.kestra.plugin.core.http.Request
    uri: https://example.test/secure
    options:
${options}
`,
    });
    return { execution, logs, requests };
  };

  it("sends BASIC and BEARER credentials as the Authorization header, and the deprecated basicAuthUser", async () => {
    const basic = await run("      auth:\n        type: BASIC\n        username: john\n        password: \"{{ 'p@ss' }}\"");
    expect(basic.requests[0].headers.Authorization).toBe(`Basic ${Buffer.from("john:p@ss").toString("base64")}`);
    const bearer = await run("      auth:\n        type: BEARER\n        token: tok-123");
    expect(bearer.requests[0].headers.Authorization).toBe("Bearer tok-123");
    const old = await run("      basicAuthUser: jane\n      basicAuthPassword: pw");
    expect(old.requests[0].headers.Authorization).toBe(`Basic ${Buffer.from("jane:pw").toString("base64")}`);
  });

  it("hands an HTTP proxy to the client (options.proxy and the deprecated proxy* keys); SOCKS is refused clearly", async () => {
    const nested = await run("      proxy:\n        type: HTTP\n        address: proxy.example.test\n        port: 3128\n        username: u\n        password: p");
    expect(nested.requests[0].proxy).toEqual({ host: "proxy.example.test", port: 3128, username: "u", password: "p" });
    const flat = await run("      proxyType: HTTP\n      proxyAddress: proxy.example.test\n      proxyPort: 8080");
    expect(flat.requests[0].proxy).toEqual({ host: "proxy.example.test", port: 8080 });
    const direct = await run("      proxy:\n        type: DIRECT");
    expect(direct.requests[0].proxy).toBeUndefined();
    const socks = await run("      proxy:\n        type: SOCKS\n        address: proxy.example.test\n        port: 1080");
    expect(socks.execution.state.current).toBe("FAILED");
    expect(socks.requests).toHaveLength(0);
    expect(socks.logs.map((l) => l.message).join("\n")).toContain("options.proxy.type 'SOCKS' is not supported");
  });
});

describe("afterExecution tasks (Kestra's AfterExecutionTestCase, ExecutorService.handleAfterExecution)", () => {
  const flow = (tasks: string, extra = "") => `
id: after
namespace: tests
tasks:
${tasks}
outputs:
  - id: final
    type: STRING
    value: "{{ outputs.mytask.value }}"
${extra}
afterExecution:
  - id: end
    type: io.kestra.plugin.core.output.OutputValues
    values:
      state: "{{ execution.state }}"
      output: "{{ execution.outputs.final ?? 'none' }}"
  - id: end2
    type: io.kestra.plugin.core.log.Log
    message: "after {{ execution.state }}"
`;

  it("run once the execution ended, see its final state and outputs, and leave its state alone (shouldCallTasksAfterExecution)", async () => {
    const { execution } = await runFlowInMemory({
      flow: flow("  - id: mytask\n    type: io.kestra.plugin.core.debug.Return\n    format: a task output used as a final flow output"),
    });
    expect(execution.state.current).toBe("SUCCESS");
    expect(summary(execution)).toEqual(["mytask:SUCCESS", "end:SUCCESS", "end2:SUCCESS"]);
    const end = execution.taskRunList[1];
    expect(Date.parse(end.state.startDate)).toBeGreaterThanOrEqual(Date.parse(execution.state.endDate!));
    expect(end.outputs?.values).toEqual({ state: "SUCCESS", output: "a task output used as a final flow output" });
  });

  it("run after errors too, with execution.state FAILED (shouldCallTasksAfterError)", async () => {
    const { execution, logs } = await runFlowInMemory({
      flow: flow(
        "  - id: mytask\n    type: io.kestra.plugin.core.execution.Fail",
        "errors:\n  - id: on-error\n    type: io.kestra.plugin.core.log.Log\n    message: failed",
      ),
    });
    expect(execution.state.current).toBe("FAILED");
    expect(summary(execution)).toEqual(["mytask:FAILED", "on-error:SUCCESS", "end:SUCCESS", "end2:SUCCESS"]);
    expect(execution.taskRunList[2].outputs?.values).toMatchObject({ state: "FAILED" });
    expect(logs.some((l) => l.message === "after FAILED")).toBe(true);
  });

  it("a failing afterExecution task stops the ones after it and does not change the execution's state", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: after-fails
namespace: tests
tasks:
  - id: ok
    type: io.kestra.plugin.core.log.Log
    message: ok
afterExecution:
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
`,
    });
    expect(summary(execution)).toEqual(["ok:SUCCESS", "boom:FAILED"]);
    expect(execution.state.current).toBe("SUCCESS");
  });
});

describe("Subflow restartBehavior on a restart of the parent (Kestra's ExecutableUtils.subflowExecution)", () => {
  const child = `
id: child
namespace: tests
tasks:
  - id: maybe
    type: io.kestra.plugin.core.execution.Fail
    runIf: "{{ kv('fixed') == null }}"
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: done
`;
  const parent = (behavior: string) => `
id: parent
namespace: tests
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: tests
    flowId: child
    restartBehavior: ${behavior}
`;

  for (const behavior of ["RETRY_FAILED", "NEW_EXECUTION"]) {
    it(`${behavior}: the parent's restart ${behavior === "RETRY_FAILED" ? "restarts the failed child in place" : "starts a new child"}, and both end SUCCESS`, async () => {
      const { execution, engine } = await runFlowInMemory({ flow: parent(behavior), flows: [child] });
      expect(execution.state.current).toBe("FAILED");
      const firstChild = String(execution.taskRunList[0].outputs?.executionId);
      expect(engine.get(firstChild).state.current).toBe("FAILED");

      await engine.kv.set("tests", "fixed", true);
      engine.restart(execution.id);
      await engine.runUntilIdle();
      const restarted = engine.get(execution.id);
      expect(restarted.state.current).toBe("SUCCESS");
      const secondChild = String(restarted.taskRunList[0].outputs?.executionId);
      const children = [...engine.executions.values()].filter((e) => e.flowId === "child");
      if (behavior === "RETRY_FAILED") {
        expect(secondChild).toBe(firstChild);
        expect(children).toHaveLength(1);
        expect(engine.get(firstChild).state.histories.map((h) => h.state)).toContain("RESTARTED");
      } else {
        expect(secondChild).not.toBe(firstChild);
        expect(children).toHaveLength(2);
        expect(engine.get(firstChild).state.current).toBe("FAILED");
      }
      expect(engine.get(secondChild).state.current).toBe("SUCCESS");
    });
  }
});

describe("a Java double read from data prints 2.0, not 2 (Kestra's InputsTest FLOAT input, Pebble printing a Double)", () => {
  it("a FLOAT input, an ARRAY of FLOAT, and a JSON 2.0 parsed in a template keep their fraction; INT and JSON 2 do not", async () => {
    const { execution, logs } = await runFlowInMemory({
      flow: `
id: doubles
namespace: tests
inputs:
  - id: f
    type: FLOAT
  - id: many
    type: ARRAY
    itemType: FLOAT
    defaults: [1, 2.5]
  - id: count
    type: INT
    defaults: 2
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ inputs.f }} {{ inputs.many }} {{ inputs.count }} {{ fromJson('{\\"x\\": 2.0, \\"y\\": 2}').x }} {{ fromJson('{\\"x\\": 2.0, \\"y\\": 2}').y }} {{ inputs.f + 1 }} {{ inputs.count + 1 }}"
`,
      inputs: { f: "2" },
    });
    expect(execution.state.current).toBe("SUCCESS");
    expect(logs.map((l) => l.message)).toContain("2.0 [1.0,2.5] 2 2.0 2 3.0 3");
  });

  it("malformed JSON with a double still fails with Kestra's message", async () => {
    const { execution, logs } = await runFlowInMemory({
      flow: `
id: bad-json
namespace: tests
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ fromJson('{\\"x\\": 2.0,}') }}"
`,
    });
    expect(execution.state.current).toBe("FAILED");
    expect(logs.some((l) => l.message.includes("Invalid json"))).toBe(true);
  });
});

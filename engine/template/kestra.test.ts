/**
 * Expressions copied verbatim from the Kestra conformance flows (/work/shared/conformance/flows),
 * rendered against the context Kestra builds for them, with the outcomes Kestra's tests assert.
 */
import { describe, expect, it } from "vitest";
import { evaluateCondition, render, TemplateError, type TemplateContext } from "./index";

const executionId = "5WZ2kNpc3Mfnp3xPObJtbE";

const taskContext: TemplateContext = {
  flow: { id: "labels-update-task", namespace: "io.kestra.tests", revision: 1 },
  execution: { id: executionId, startDate: new Date("2024-12-20T10:11:12.345Z") },
  task: { id: "t1", type: "io.kestra.plugin.core.log.Log" },
  taskrun: { id: "2nXbOXzNbS1dXDbRAkQb2L", startDate: "2024-12-20T10:11:13.001Z", value: "value 1", attemptsCount: 0 },
  parent: { taskrun: { value: "value 1" } },
  parents: [{ taskrun: { value: "v2" } }, { taskrun: { value: "v1" } }],
  labels: { system: { correlationId: executionId }, some: "label", key1: "value1" },
  inputs: { string: "FIRST", namespace: "io.kestra.tests", flowId: "switch" },
  vars: { first: "1", second: "{{vars.first}} > 2", third: "{{vars.second}} > 3" },
  envs: { test1: "true", test2: "Pass by env" },
  globals: { string: "string", int: 1, bool: true, nested: { int: 2 } },
  trigger: { body: { a: 1 }, headers: { "content-type": ["application/json"] } },
  outputs: {
    output: { values: { taskrun_data: 1 } },
    "error-t1": { value: "error-value" },
    "1-1-1_output": { v1: { v2: { "value 1": { value: "v1-v2-value 1" } } } },
    "2-1-1_output": { value: "2nXbOXzNbS1dXDbRAkQb2L" },
    pause: { onResume: {} },
  },
};

const r = (template: string, context: TemplateContext = taskContext): Promise<string> => render(template, context);

async function failure(promise: Promise<unknown>): Promise<TemplateError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TemplateError)) throw new Error(`expected a TemplateError, got ${String(error)}`);
  return error;
}

describe("conformance flow expressions", () => {
  it.each([
    ["{{task.id}}", "t1"],
    ["{{ task.id }}", "t1"],
    ["{{task.type}}", "io.kestra.plugin.core.log.Log"],
    ["first {{task.id}}", "first t1"],
    ["second {{task.type}}", "second io.kestra.plugin.core.log.Log"],
    ["third {{flow.id}}", "third labels-update-task"],
    ["{{taskrun.startDate}}", "2024-12-20T10:11:13.001Z"],
    ["{{task.id}} > {{taskrun.startDate}}", "t1 > 2024-12-20T10:11:13.001Z"],
    ["{{taskrun.value}}", "value 1"],
    ["{{taskrun.id}}", "2nXbOXzNbS1dXDbRAkQb2L"],
    ["{{execution.id}}", executionId],
    ["{{parent.taskrun.value}}", "value 1"],
    ["{{ parents[0].taskrun.value }}", "v2"],
    ["{{ parents[1].taskrun.value }}-{{ parents[0].taskrun.value }}-{{ taskrun.value }}", "v1-v2-value 1"],
    ["{task.id}} > {{ parents[0].taskrun.value }}", "{task.id}} > v2"],
    ["{{ outputs.default.value ?? outputs['error-t1'].value }}", "error-value"],
    ["{{ outputs['1-1-1_output'][parents[1].taskrun.value][parents[0].taskrun.value][taskrun.value].value }}", "v1-v2-value 1"],
    ["return-{{ outputs['2-1-1_output'].value }}", "return-2nXbOXzNbS1dXDbRAkQb2L"],
    ["{{ outputs.output['values']['taskrun_data'] == 1 }}", "true"],
    ["{{ outputs.output['values']['taskrun_data'] == 2 }}", "false"],
    ["{{outputs.pause.onResume.asked ?? 'MISSING'}}", "MISSING"],
    ["{{labels.system.correlationId}}", executionId],
    ["{{labels.some == 'label'}}", "true"],
    ["{{ labels.key1 }}", "value1"],
    ["{{inputs.string != 'LABEL'}}", "true"],
    ["{{ inputs.string }}", "FIRST"],
    ["{{ flow.namespace ~ '.' ~ flow.id }}", "io.kestra.tests.labels-update-task"],
    ["{{render(vars.third)}}", "1 > 2 > 3"],
    ["{{envs.test1}} {{envs.test2}}", "true Pass by env"],
    ["{{globals.string}} {{globals.int}} {{globals.bool}} {{globals.nested.int}}", "string 1 true 2"],
    ["{{trigger | json }}", '{"body":{"a":1},"headers":{"content-type":["application/json"]}}'],
    ["{{ (inputs.failed ?? 'NONE') == 'SECOND' ? ko : '0'}}", "0"],
    ["{{ (inputs.failed ?? 'NONE') == 'FIRST' ? ko : '0'}}", "0"],
  ])("%j renders %j", async (template, expected) => {
    expect(await r(template)).toBe(expected);
  });

  it("renders execution.startDate as an ISO instant with milliseconds", async () => {
    expect(await r("{{ execution.startDate }}")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("fails a task whose ternary reaches `ko` (restart_last_failed.yaml, attempt 1)", async () => {
    const error = await failure(r("{{taskrun.attemptsCount == 1 ? 'ok' : ko}}"));
    expect(error.code).toBe("UNDEFINED");
    expect(error.message).toBe("Unable to find `ko` used in the expression `{{taskrun.attemptsCount == 1 ? 'ok' : ko}}` at line 1");
  });

  it("succeeds once attemptsCount is 1 (the restarted attempt)", async () => {
    const restarted = { ...taskContext, taskrun: { attemptsCount: 1 } };
    expect(await r("{{taskrun.attemptsCount == 1 ? 'ok' : ko}}", restarted)).toBe("ok");
    const third = { ...taskContext, taskrun: { attemptsCount: 3 } };
    expect(await r("{{ taskrun.attemptsCount == 3 ? 'ok' : ko}}", third)).toBe("ok");
  });

  it("fails restart-each's ternary when inputs.failed selects it", async () => {
    const failed = { ...taskContext, inputs: { failed: "SECOND" } };
    expect((await failure(r("{{ (inputs.failed ?? 'NONE') == 'SECOND' ? ko : '0'}}", failed))).attribute).toBe("ko");
  });

  it("fails runIf on a missing output (task-runif.yml)", async () => {
    expect((await failure(r("{{ outputs.notexists == 2 }}"))).code).toBe("UNDEFINED");
  });

  it("fails a flow output on an undefined variable (flow-with-outputs-failed.yml)", async () => {
    expect((await failure(r("{{ invalid }}"))).message).toBe("Unable to find `invalid` used in the expression `{{ invalid }}` at line 1");
  });

  it("renders ?? '' when no task produced outputs yet (empty-variables.yml)", async () => {
    const context = { inputs: { emptyKey: { foo: "" }, emptySubObject: { json: { someEmptyObject: {} } } } };
    expect(await r("{{ outputs.not_existing ?? '' }}", context)).toBe("");
    expect(await r("{{ inputs['emptyKey']['foo'] }}", context)).toBe("");
    expect(await r("{{ inputs.emptySubObject.json.someEmptyObject }}", context)).toBe("{}");
  });

  it("switches on `is json` and extracts with jq (each-object.yaml)", async () => {
    const format = "{{task.id}} > JSON > {{ parent.taskrun.value | jq('.key') }} > {{ parent.taskrun.value | jq('.value') }}";
    const json = { task: { id: "json" }, parent: { taskrun: { value: '{"key":"my-complex","value":{"sub":1,"bool":true}}' } } };
    expect(await r(format, json)).toBe('json > JSON > ["my-complex"] > [{"sub":1,"bool":true}]');
    expect(await r("{{ taskrun.value is json }}", { taskrun: { value: "value 1" } })).toBe("false");
    expect(await r("{{ taskrun.value is json }}", { taskrun: { value: '{"key":"my-key","value":"my-value"}' } })).toBe("true");
  });

  it("lists error logs (errors.yaml)", async () => {
    const template = "{%- for log in errorLogs() -%}\n- task: {{ log.taskId }}, message: {{ log.message }}\n{%- endfor -%}\n";
    const context = { $functions: { errorLogs: () => [{ taskId: "failed", message: "Task failure", level: "ERROR" }] } };
    expect(await r(template, context)).toBe("- task: failed, message: Task failure");
  });

  it("iterates current-output.yaml's nested loops with currentEachOutput()", async () => {
    const context = {
      outputs: { "1-1-1_output": { v11: { v21: { v31: { value: "v11-v21-v31" } } } } },
      parents: [{ taskrun: { value: "v21" } }, { taskrun: { value: "v11" } }],
      taskrun: { value: "v31" },
    };
    expect(await r("return-{{ currentEachOutput(outputs['1-1-1_output']).value }}", context)).toBe("return-v11-v21-v31");
  });
});

describe("If / runIf truthiness (if-condition.yaml, if.yaml)", () => {
  it.each([
    [true, true],
    ["true", true],
    [1, true],
    ["yes", true],
    [false, false],
    ["false", false],
    [0, false],
    [-0, false],
    ["0", false],
    ["", false],
    [null, false],
  ])("param=%j is %s", async (param, expected) => {
    expect(await evaluateCondition("{{inputs.param}}", { inputs: { param } })).toBe(expected);
  });
});

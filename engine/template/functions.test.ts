import { describe, expect, it } from "vitest";
import { render, renderTyped, TemplateError, type TemplateContext, type TemplateValue } from "./index";

const base: TemplateContext = {
  vars: { first: "1", second: "{{ vars.first }} > 2", third: "{{ vars.second }} > 3", raw: "{% raw %}{{ keep }}{% endraw %}", missing: "{{ nope }}" },
  items: [{ name: "a" }, { name: "b" }],
};

async function failure(promise: Promise<unknown>): Promise<TemplateError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TemplateError)) throw new Error(`expected a TemplateError, got ${String(error)}`);
  return error;
}

describe("built-in functions", () => {
  it.each([
    ["{{ range(0, 3) }}", "[0,1,2,3]"],
    ["{{ range(0, 6, 2) }}", "[0,2,4,6]"],
    ["{{ range('a', 'c') }}", '["a","b","c"]'],
    ["{{ max(20, 80, 3) }} {{ min(20, 80, 3) }}", "80 3"],
    ["{{ max('a', 'c', 'b') }}", "c"],
    ["{{ fromJson('[1, 2, 3]')[0] }}", "1"],
    ["{{ fromJson('{\"foo\": [666, 1, 2]}').foo[0] }}", "666"],
    ["{{ json('{\"a\": {\"b\": true}}').a.b }}", "true"],
    ["{{ jsonDecode('null') ?? 'was null' }}", "was null"],
    ["{{ yaml('foo: [666, 1, 2]').foo[0] }}", "666"],
    ["{{ yaml('a:\n  b: c').a.b }}", "c"],
    // Pebble keeps unknown escapes: '\n' is a backslash and an n, not a newline.
    ["{{ 'a\\nb' | length }}", "4"],
    ["{{ render(vars.third) }}", "1 > 2 > 3"],
    ["{{ render(vars.third, recursive=false) }}", "{{ vars.first }} > 2 > 3"],
    ["{{ renderOnce(vars.third) }}", "{{ vars.first }} > 2 > 3"],
    ["{{ render('{{ 1 + 1 }}') }}", "2"],
    ["{{ render(vars.raw) }}", "{{ keep }}"],
    ["{{ render(42) }}", "42"],
    ["{{ render(['{{ vars.first }}', 2]) }}", '["1",2]'],
    ["{{ printContext() | keys }}", '["vars","items"]'],
    ["{{ uuid() | length }}", "36"],
    ["{{ id() | length }}", "22"],
    ["{% set n = randomInt(1, 3) %}{{ n >= 1 and n < 3 }}", "true"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, base)).toBe(expected);
  });

  it("keeps a missing variable inside render() from looking undefined to ??", async () => {
    const error = await failure(render("{{ render(vars.missing) ?? 'hidden' }}", base));
    expect(error.code).toBe("EVALUATION");
    expect(error.message).toContain("Unable to find `nope`");
  });

  it.each([
    ["{{ range(1, 5, 0) }}", "EVALUATION"],
    ["{{ range('ab', 'c') }}", "EVALUATION"],
    ["{{ max(1, 'a') }}", "TYPE"],
    ["{{ fromJson('{oops') }}", "EVALUATION"],
    ["{{ yaml('a: [') }}", "EVALUATION"],
    ["{{ render() }}", "EVALUATION"],
    ["{{ render('x', recursive='yes') }}", "TYPE"],
    ["{{ range(1, 2, 3, 4) }}", "EVALUATION"],
    ["{{ range(1, 2, step=3) }}", "EVALUATION"],
  ])("%j fails with %s", async (template, code) => {
    expect((await failure(render(template, base))).code).toBe(code);
  });
});

describe("currentEachOutput()", () => {
  const outputs = {
    "1-1-1_output": {
      v11: { v21: { v31: { value: "v11-v21-v31" }, v32: { value: "v11-v21-v32" } } },
    },
    "2-1_output": { v41: { value: "v41" }, v42: { value: "v42" } },
  };

  it("walks the outputs tree along the parents' values", async () => {
    const context = {
      outputs,
      parents: [{ taskrun: { value: "v21" } }, { taskrun: { value: "v11" } }],
      taskrun: { value: "v32" },
    };
    expect(await render("return-{{ currentEachOutput(outputs['1-1-1_output']).value }}", context)).toBe("return-v11-v21-v32");
  });

  it("works without parents", async () => {
    const context = { outputs, taskrun: { value: "v42" } };
    expect(await render("{{ currentEachOutput(outputs['2-1_output']).value }}", context)).toBe("v42");
  });

  it("fails when the path has no outputs", async () => {
    const context = { outputs, parents: [{ taskrun: { value: "nope" } }], taskrun: { value: "v1" } };
    expect((await failure(render("{{ currentEachOutput(outputs['2-1_output']) }}", context))).code).toBe("EVALUATION");
  });
});

describe("injected I/O functions", () => {
  const store = new Map<string, TemplateValue>([["io.kestra.tests/my-key", { field: "value" }]]);
  const calls: Record<string, TemplateValue>[] = [];
  const context = (extra: Record<string, unknown> = {}): TemplateContext => ({
    flow: { namespace: "io.kestra.tests" },
    inputs: { namespace: "io.kestra.tests", errorOnMissing: true },
    $functions: {
      kv: async (args) => {
        calls.push({ ...args });
        const namespace = (args.namespace as string | null) ?? "io.kestra.tests";
        const value = store.get(`${namespace}/${String(args.key)}`);
        if (value === undefined && args.errorOnMissing === true) {
          throw new Error(`The key '${String(args.key)}' does not exist in the namespace '${namespace}'.`);
        }
        return value ?? null;
      },
      secret: (args) => (args.key === "API_KEY" ? "s3cr3t" : null),
      errorLogs: () => [{ taskId: "failed", message: "Task failure" }],
      read: async (args) => `content of ${String(args.path)}`,
      custom: (args) => `${String(args.arg0)}+${String(args.arg1)}:${String(args.extra)}`,
      receiver: function (this: unknown) {
        return typeof this;
      },
      broken: () => {
        throw new Error("backend unavailable");
      },
      weird: () => () => "a function is not data",
    },
    ...extra,
  });

  it.each([
    ["{{ kv('my-key').field }}", "value"],
    ["{{ kv('my-key').field ?? null }}", "value"],
    ["{{ kv('other-key').field ?? null }}", ""],
    ["{{ kv(key='my-key', namespace='io.kestra.tests').field }}", "value"],
    ["{{ secret('API_KEY') }}", "s3cr3t"],
    ["{{ read('data/file.txt') }}", "content of data/file.txt"],
    ["{{ custom('a', 'b', extra='c') }}", "a+b:c"],
    ["{{ receiver() }}", "undefined"],
    ["{%- for log in errorLogs() -%}\n- task: {{ log.taskId }}, message: {{ log.message }}\n{%- endfor -%}\n", "- task: failed, message: Task failure"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, context())).toBe(expected);
  });

  it("passes Kestra's argument names and defaults", async () => {
    calls.length = 0;
    await render("{{ kv('my-key') }}", context());
    expect(calls).toEqual([{ key: "my-key", errorOnMissing: false }]);
  });

  it("turns a callback failure into a TemplateError with Kestra's message", async () => {
    const template = "{{ kv('my-key', inputs.namespace, inputs.errorOnMissing).field }}";
    store.delete("io.kestra.tests/my-key");
    try {
      const error = await failure(render(template, context()));
      expect(error.code).toBe("EVALUATION");
      expect(error.message).toContain(
        "io.pebbletemplates.pebble.error.PebbleException: The key 'my-key' does not exist in the namespace 'io.kestra.tests'. ({{ kv('my-key', inputs.namespace, inputs.errorOnMissing).field }}:1",
      );
    } finally {
      store.set("io.kestra.tests/my-key", { field: "value" });
    }
  });

  it.each([
    ["{{ broken() }}", "EVALUATION"],
    ["{{ weird() }}", "FORBIDDEN"],
    ["{{ fileURI('x') }}", "EVALUATION"],
    ["{{ kv('a', 'b', true, 'extra') }}", "EVALUATION"],
    ["{{ kv('a', ttl='1d') }}", "EVALUATION"],
  ])("%j fails with %s", async (template, code) => {
    expect((await failure(render(template, context()))).code).toBe(code);
  });

  it("returns the callback's value raw when typed", async () => {
    expect(await renderTyped("{{ kv('my-key') }}", context())).toEqual({ field: "value" });
  });
});

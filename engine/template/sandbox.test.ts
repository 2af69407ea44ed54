import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateExpression, render, renderTyped, TemplateError, type RenderOptions, type TemplateContext } from "./index";

const CANARY = "canary-5f1e2d";
let getterCalls = 0;
let toJsonCalls = 0;

class Secretive {
  readonly x = CANARY;
}

const inputs: Record<string, unknown> = {
  name: "ada",
  fn: () => CANARY,
  instance: new Secretive(),
  nested: { toJSON: () => CANARY },
};
Object.defineProperty(inputs, "getter", {
  enumerable: true,
  get: () => {
    getterCalls++;
    return CANARY;
  },
});
Object.defineProperty(inputs, "withToJson", {
  enumerable: true,
  value: {
    a: 1,
    toJSON: () => {
      toJsonCalls++;
      return CANARY;
    },
  },
});

const cyclic: Record<string, unknown> = { name: "loop" };
cyclic.self = cyclic;

const ctx: TemplateContext = {
  inputs,
  cyclic,
  proxied: new Proxy({}, { get: () => CANARY, getOwnPropertyDescriptor: () => ({ value: CANARY, enumerable: true, configurable: true }) }),
  vars: { selfRender: "{{ render(vars.selfRender) }}", growing: "x{{ vars.growing }}", text: "aaaaaaaaaa" },
  $functions: { kv: () => CANARY },
};

async function failure(promise: Promise<unknown>): Promise<TemplateError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a failure, rendered ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(TemplateError);
  const error = outcome.error as TemplateError;
  expect(error.message).not.toContain(CANARY);
  return error;
}

beforeAll(() => {
  process.env.SWITCHYARD_TEMPLATE_CANARY = CANARY;
});

afterAll(() => {
  delete process.env.SWITCHYARD_TEMPLATE_CANARY;
});

describe("escape attempts fail with a TemplateError and leak nothing", () => {
  it.each([
    ["{{ ''.constructor.constructor('return process')() }}", "SYNTAX"],
    ["{{ ''['constructor']['constructor']('return process')() }}", "SYNTAX"],
    ["{{ inputs.name.constructor }}", "FORBIDDEN"],
    ["{{ inputs.__proto__ }}", "FORBIDDEN"],
    ["{{ inputs['__proto__'] }}", "FORBIDDEN"],
    ["{{ inputs['constructor'] }}", "FORBIDDEN"],
    ["{{ inputs.prototype }}", "FORBIDDEN"],
    ["{{ inputs['__pro' ~ 'to__'] }}", "FORBIDDEN"],
    ["{{ [].constructor }}", "FORBIDDEN"],
    ["{{ __proto__ }}", "FORBIDDEN"],
    ["{{ constructor }}", "FORBIDDEN"],
    ["{{ inputs.toString }}", "UNDEFINED"],
    ["{{ inputs.hasOwnProperty }}", "UNDEFINED"],
    ["{{ inputs.__lookupGetter__ }}", "UNDEFINED"],
    ["{{ inputs.valueOf }}", "UNDEFINED"],
    ["{{ [].map }}", "UNDEFINED"],
    ["{{ [1, 2].length }}", "UNDEFINED"],
    ["{{ 'abc'.length }}", "UNDEFINED"],
    ["{{ ({}).valueOf }}", "UNDEFINED"],
    ["{{ globalThis }}", "UNDEFINED"],
    ["{{ global.process }}", "UNDEFINED"],
    ["{{ process.env }}", "UNDEFINED"],
    ["{{ process.env.SWITCHYARD_TEMPLATE_CANARY }}", "UNDEFINED"],
    ["{{ this }}", "UNDEFINED"],
    ["{{ window }}", "UNDEFINED"],
    ["{{ _context }}", "UNDEFINED"],
    ["{{ loop.index }}", "UNDEFINED"],
    ["{{ require('fs') }}", "EVALUATION"],
    ["{{ import('fs') }}", "EVALUATION"],
    ["{{ eval('1 + 1') }}", "EVALUATION"],
    ["{{ Function('return process')() }}", "SYNTAX"],
    ["{{ toString() }}", "EVALUATION"],
    ["{{ hasOwnProperty('kv') }}", "EVALUATION"],
    ["{{ constructor() }}", "EVALUATION"],
    ["{{ 'x' | constructor }}", "EVALUATION"],
    ["{{ 'x' | __proto__ }}", "EVALUATION"],
    ["{{ 1 is constructor }}", "EVALUATION"],
    ["{{ $functions }}", "SYNTAX"],
    ["{{ $functions.kv('x') }}", "SYNTAX"],
    ["{{ `whoami` }}", "SYNTAX"],
    ["{{ inputs.fn }}", "FORBIDDEN"],
    ["{{ inputs.fn() }}", "SYNTAX"],
    ["{{ inputs['fn']() }}", "SYNTAX"],
    ["{{ inputs.instance }}", "FORBIDDEN"],
    ["{{ inputs.instance.x }}", "FORBIDDEN"],
    ["{{ inputs.nested }}", "FORBIDDEN"],
    ["{{ inputs }}", "FORBIDDEN"],
    ["{{ proxied }}", "FORBIDDEN"],
    ["{{ proxied.anything }}", "FORBIDDEN"],
    ["{{ cyclic }}", "TYPE"],
  ])("%j fails with %s", async (template, code) => {
    expect((await failure(render(template, ctx))).code).toBe(code);
  });

  it("never invokes getters or toJSON found in data", async () => {
    getterCalls = 0;
    toJsonCalls = 0;
    expect((await failure(render("{{ inputs.getter }}", ctx))).code).toBe("UNDEFINED");
    expect(await render("{{ inputs.withToJson.a }}", ctx)).toBe("1");
    expect((await failure(render("{{ inputs.withToJson }}", ctx))).code).toBe("FORBIDDEN");
    expect((await failure(render("{{ inputs.withToJson | toJson }}", ctx))).code).toBe("FORBIDDEN");
    expect(getterCalls).toBe(0);
    expect(toJsonCalls).toBe(0);
  });

  it("reads cyclic data by path without looping", async () => {
    expect(await render("{{ cyclic.self.self.self.name }}", ctx)).toBe("loop");
  });

  it("keeps `$functions` out of variables and printContext()", async () => {
    await failure(render("{{ printContext() }}", ctx));
    const safe = await render("{{ printContext() | keys }}", { a: 1, $functions: { kv: () => 1 } });
    expect(safe).toBe('["a"]');
  });

  it("cannot pollute prototypes through data it builds", async () => {
    await render("{{ {'__proto__': {'polluted': 1}} }}", ctx);
    await render("{{ {'a': 1} | merge({'__proto__': {'polluted': 2}}) }}", ctx);
    expect(await render("{{ fromJson('{\"__proto__\": {\"polluted\": 3}}') | keys }}", ctx)).toBe('["__proto__"]');
    await render("{{ yaml('__proto__: {polluted: 4}') | keys }}", ctx);
    await render("{% set __proto__ = 'x' %}{{ __proto__ }}", ctx);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("shows an own `__proto__` key as data but refuses to read it by name", async () => {
    expect(await render("{{ {'__proto__': 1} }}", ctx)).toBe('{"__proto__":1}');
    await failure(render("{{ {'__proto__': 1}['__proto__'] }}", ctx));
  });

  it("refuses a context that is not plain data", async () => {
    await failure(render("{{ x }}", new Secretive() as unknown as TemplateContext));
    await failure(render("{{ x }}", null as unknown as TemplateContext));
    await failure(render("{{ x }}", { $functions: "nope" } as unknown as TemplateContext));
  });

  it("evaluateExpression is as strict as render", async () => {
    expect((await failure(evaluateExpression("inputs.constructor", ctx))).code).toBe("FORBIDDEN");
    expect((await failure(evaluateExpression("process", ctx))).code).toBe("UNDEFINED");
    expect((await failure(evaluateExpression("a }} {{ b", ctx))).code).toBe("SYNTAX");
  });
});

describe("resource limits", () => {
  const small: RenderOptions = { limits: { maxSteps: 20_000, maxOutputLength: 100_000, maxStringLength: 100_000, maxCollectionSize: 10_000 } };

  it.each([
    ["{% for i in 1..100000000 %}x{% endfor %}", {}],
    ["{% for i in range(0, 100000000) %}x{% endfor %}", {}],
    ["{{ range(1, 9007199254740991) | length }}", {}],
    ["{% for i in 1..100 %}{% for j in 1..100 %}{% for k in 1..100 %}{% endfor %}{% endfor %}{% endfor %}", small],
    ["{% set s = 'aaaaaaaaaa' %}{% for i in 1..64 %}{% set s = s ~ s %}{% endfor %}{{ s | length }}", small],
    ["{% set s = 'aaaaaaaaaa' %}{% for i in 1..64 %}{% set s = s + s %}{% endfor %}", small],
    ["{% for i in 1..5000 %}{{ vars.text }}{{ vars.text }}{{ vars.text }}{% endfor %}", small],
    ["{% set l = [1] %}{% for i in 1..64 %}{% set l = l + l %}{% endfor %}", small],
    ["{% set l = [1] %}{% for i in 1..64 %}{% set l = l | merge(l) %}{% endfor %}", small],
    ["{{ 'a\nb' | indent(1000000000) }}", {}],
    ["{{ vars.text | replace({'a': vars.text ~ vars.text ~ vars.text ~ vars.text}) | replace({'a': vars.text ~ vars.text ~ vars.text}) | replace({'a': vars.text ~ vars.text ~ vars.text}) }}", small],
    ["{{ [1, 2, 3] | jq('range(100000000)') }}", small],
    ["{{ [1] | jq('reduce range(64) as $i (\"a\"; . + .)') }}", small],
    ["{{ render(vars.selfRender) }}", {}],
    ["{{ render(vars.growing) }}", {}],
    [`{{ ${"(".repeat(300)}1${")".repeat(300)} }}`, {}],
    [`{{ ${"[".repeat(300)}${"]".repeat(300)} }}`, {}],
    [`${"{% if true %}".repeat(300)}${"{% endif %}".repeat(300)}`, {}],
    [`{{ ${"-".repeat(300)}1 }}`, {}],
    [`{{ 1${" + 1".repeat(200_000)} }}`, small],
    ["{{ [1] | jq('" + "[".repeat(200) + "]".repeat(200) + "') }}", {}],
  ])("%# fails with a limit or syntax error", async (template, options: RenderOptions) => {
    const error = await failure(render(template, ctx, options));
    expect(["LIMIT", "SYNTAX"]).toContain(error.code);
  });

  it("refuses templates over the size limit", async () => {
    const error = await failure(render("{{ 1 }}".repeat(200), ctx, { limits: { maxTemplateLength: 1000 } }));
    expect(error.code).toBe("LIMIT");
  });

  it("refuses data nested deeper than the serialiser allows", async () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 2000; i++) deep = [deep];
    expect((await failure(render("{{ deep }}", { deep }))).code).toBe("LIMIT");
  });

  it("runs user regexes in linear time (no ReDoS)", async () => {
    const started = Date.now();
    const subject = `${"a".repeat(50_000)}!`;
    expect(await render("{{ s | split('(a+)+$') | length }}", { s: subject })).toBe("1");
    expect(await render("{{ s | replace({'(a|aa)+b': 'x'}, regexp=true) | length }}", { s: subject })).toBe("50001");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses regex features that cannot run in linear time", async () => {
    expect((await failure(render("{{ 'aa' | replace({'(a)\\\\1': 'x'}, regexp=true) }}", ctx))).code).toBe("EVALUATION");
  });

  it("refuses YAML alias bombs", async () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 12; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    await failure(render("{{ yaml(bomb) | length }}", { bomb: bomb.join("\n") }));
  });

  it("shares one budget between a template and the templates it render()s", async () => {
    const nested = { vars: { inner: "{% for i in 1..300 %}x{% endfor %}" } };
    expect(await render("{{ render(vars.inner) | length }}", nested, { limits: { maxSteps: 2_000 } })).toBe("300");
    const error = await failure(
      render("{% for j in 1..10 %}{{ render(vars.inner) }}{% endfor %}", nested, { limits: { maxSteps: 2_000 } }),
    );
    expect(error.code).toBe("LIMIT");
  });

  it("meters work proportional to data size, not just loop iterations", async () => {
    const big = Array.from({ length: 10_000 }, (_, index) => index);
    const bigMap = Object.fromEntries(big.map((index) => [`k${index}`, index]));
    const data = { big, bigMap };
    const options: RenderOptions = { limits: { maxSteps: 50_000 } };
    for (const template of [
      "{% for i in 1..100000 %}{{ big == big }}{% endfor %}",
      "{% for i in 1..100000 %}{% set s = big | toJson %}{% endfor %}",
      "{% for i in 1..100000 %}{% set n = bigMap | keys | length %}{% endfor %}",
      "{% for i in 1..100000 %}{% set c = big contains -1 %}{% endfor %}",
      "{% for i in 1..100000 %}{% set s = 'x' ~ big %}{% endfor %}",
    ]) {
      const started = Date.now();
      expect((await failure(render(template, data, options))).code).toBe("LIMIT");
      expect(Date.now() - started).toBeLessThan(5000);
    }
    // The same operations once are well within budget.
    expect(await render("{{ big == big }} {{ bigMap | keys | length }}", data, options)).toBe("true 10000");
  });

  it("renderTyped enforces the same limits", async () => {
    expect((await failure(renderTyped("{{ 1..100000000 }}", ctx))).code).toBe("LIMIT");
  });
});

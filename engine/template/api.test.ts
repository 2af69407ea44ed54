import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMITS,
  evaluateExpression,
  isTruthy,
  render,
  renderRecursive,
  renderTyped,
  TemplateError,
  validateTemplate,
  type TemplateContext,
} from "./index";

const ctx: TemplateContext = {
  inputs: { count: 3, list: [1, 2], map: { a: "b" }, flag: false, nothing: null, name: "ada" },
  flow: { id: "my-flow", namespace: "company.team" },
};

describe("renderTyped", () => {
  it.each([
    ["{{ inputs.count }}", 3],
    ["{{ inputs.count + 1 }}", 4],
    ["{{ inputs.list }}", [1, 2]],
    ["{{ inputs.map }}", { a: "b" }],
    ["{{ inputs.flag }}", false],
    ["{{ inputs.nothing }}", null],
    ["  {{ inputs.count }}\n", 3],
    ["{{ '42' | number }}", 42],
    ["{{ inputs.list | length }}", 2],
    ["count: {{ inputs.count }}", "count: 3"],
    ["{{ inputs.count }}{{ inputs.count }}", "33"],
    ["no expression", "no expression"],
    ["{% if true %}{{ inputs.count }}{% endif %}", "3"],
  ])("%j yields %j", async (template, expected) => {
    expect(await renderTyped(template, ctx)).toEqual(expected);
  });
});

describe("renderRecursive", () => {
  it("renders every string of a task definition, keys included", async () => {
    const task = {
      id: "log",
      message: "Hello {{ inputs.name }}",
      retries: 3,
      enabled: true,
      list: ["{{ flow.id }}", 7, null],
      nested: { "{{ flow.namespace }}": "{{ inputs.count }}" },
    };
    expect(await renderRecursive(task, ctx)).toEqual({
      id: "log",
      message: "Hello ada",
      retries: 3,
      enabled: true,
      list: ["my-flow", 7, null],
      nested: { "company.team": "3" },
    });
  });

  it("keeps raw values of single expressions when typed", async () => {
    expect(await renderRecursive({ n: "{{ inputs.count }}", l: "{{ inputs.list }}", s: "n={{ inputs.count }}" }, ctx, { typed: true })).toEqual({
      n: 3,
      l: [1, 2],
      s: "n=3",
    });
  });

  it("fails on the first broken string with a TemplateError", async () => {
    await expect(renderRecursive({ a: "ok", b: ["{{ missing }}"] }, ctx)).rejects.toBeInstanceOf(TemplateError);
  });

  it("does not modify its input", async () => {
    const input = { a: "{{ inputs.count }}" };
    await renderRecursive(input, ctx);
    expect(input).toEqual({ a: "{{ inputs.count }}" });
  });
});

describe("evaluateExpression", () => {
  it.each([
    ["inputs.count * 2", 6],
    ["inputs.count > 2 and not inputs.flag", true],
    ["inputs.list", [1, 2]],
    ["missing ?? 'x'", "x"],
    ["-1", -1],
    ["{{ inputs.count }}", 3],
    ["{{ inputs.count }} items", "3 items"],
    ["flow.namespace ~ '.' ~ flow.id", "company.team.my-flow"],
  ])("%j evaluates to %j", async (expression, expected) => {
    expect(await evaluateExpression(expression, ctx)).toEqual(expected);
  });

  it("reports syntax errors with the expression as the template", async () => {
    const error = await evaluateExpression("inputs.count +", ctx).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).code).toBe("SYNTAX");
    expect((error as TemplateError).template).toBe("inputs.count +");
  });
});

describe("isTruthy (Kestra TruthUtils)", () => {
  it.each([
    ["true", true],
    ["false", false],
    ["0", false],
    ["-0", false],
    ["", false],
    [" false", true],
    ["FALSE", true],
    ["anything", true],
    [true, true],
    [false, false],
    [0, false],
    [2, true],
    [null, false],
    [undefined, false],
    [[], true],
  ])("%j is %s", (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});

describe("validateTemplate", () => {
  it("accepts valid templates and explains invalid ones", () => {
    expect(validateTemplate("{{ a | upper }} {% for x in y %}{{ x }}{% endfor %}")).toBeNull();
    const error = validateTemplate("line\n{% for x in y %}no end");
    expect(error).toBeInstanceOf(TemplateError);
    expect(error?.code).toBe("SYNTAX");
    expect(error?.reason).toContain("endfor");
  });
});

describe("engine behaviour", () => {
  it("reuses parsed templates across contexts without mixing them", async () => {
    const template = "{{ inputs.name }}-{{ flow.id }}";
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) => render(template, { inputs: { name: `n${index}` }, flow: { id: `f${index}` } })),
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, index) => `n${index}-f${index}`));
  });

  it("gives each render its own step budget", async () => {
    const options = { limits: { maxSteps: 500 } };
    const template = "{% for i in 1..100 %}{{ i }}{% endfor %}";
    const outputs = await Promise.all([render(template, ctx, options), render(template, ctx, options), render(template, ctx, options)]);
    expect(new Set(outputs).size).toBe(1);
  });

  it("exposes its default limits", () => {
    expect(DEFAULT_LIMITS.maxOutputLength).toBe(10 * 1024 * 1024);
    expect(DEFAULT_LIMITS.maxSteps).toBe(1_000_000);
  });

  it("returns strings without `{` untouched, as Kestra's short-circuit does", async () => {
    expect(await render("no braces }} %} #}", ctx)).toBe("no braces }} %} #}");
  });

  it("rejects a non-string template and an invalid time zone option with TemplateError", async () => {
    await expect(render(42 as unknown as string, ctx)).rejects.toBeInstanceOf(TemplateError);
    await expect(render("{{ 1 }}", ctx, { timeZone: "Nowhere/Land" })).rejects.toBeInstanceOf(TemplateError);
  });

  it("accepts bigint data from database drivers", async () => {
    expect(await render("{{ n + 1 }}", { n: 41n })).toBe("42");
  });
});

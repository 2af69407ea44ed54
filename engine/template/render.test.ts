import { describe, expect, it } from "vitest";
import { render, TemplateError, type TemplateContext } from "./index";

const ctx: TemplateContext = {
  inputs: { name: "ada", count: 7, price: 2.5, flag: true, empty: "", list: [3, 1, 2], nested: { a: { b: "deep" } }, nothing: null },
  outputs: { first: { value: "one" }, "second-task": { value: "two" } },
  vars: { greeting: "hello" },
  labels: { team: "data" },
};

async function errorOf(promise: Promise<unknown>): Promise<TemplateError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TemplateError)) throw new Error(`expected a TemplateError, got ${String(error)}`);
  return error;
}

describe("text, print, comments", () => {
  it.each([
    ["plain text", "plain text"],
    ["{{ inputs.name }}", "ada"],
    ["Hi {{ inputs.name }}, {{ vars.greeting }}!", "Hi ada, hello!"],
    ["{{inputs.name}}", "ada"],
    ["a{# a comment #}b", "ab"],
    ["{# {{ not rendered }} #}x", "x"],
    ["{{ inputs.count }}", "7"],
    ["{{ inputs.price }}", "2.5"],
    ["{{ inputs.flag }}", "true"],
    ["{{ inputs.nothing }}", ""],
    ["{{ inputs.list }}", "[3,1,2]"],
    ["{{ inputs.nested }}", '{"a":{"b":"deep"}}'],
    ["{{ outputs['second-task'].value }}", "two"],
    ["{{ outputs[\"first\"]['value'] }}", "one"],
    ["{{ inputs.list[0] }}", "3"],
    ["{{ inputs.list.1 }}", "1"],
    ["{{ inputs.nested.a.b }}", "deep"],
    ["{{ labels.team }}", "data"],
    ["x } y }} z", "x } y }} z"],
    ["line1\nline2 {{ inputs.name }}\n", "line1\nline2 ada\n"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });
});

describe("whitespace control and raw", () => {
  it.each([
    ["a  {{- inputs.name }}  b", "aada  b"],
    ["a  {{ inputs.name -}}  b", "a  adab"],
    ["a \n {{- inputs.name -}} \n b", "aadab"],
    ["x\n  {%- if true -%}\n  y\n  {%- endif -%}\n  z", "xyz"],
    ["a {#- c -#} b", "ab"],
    ["{% raw %}{{ inputs.name }}{% endraw %}", "{{ inputs.name }}"],
    ["{% raw %}{% if %}{% endraw %}!", "{% if %}!"],
    ["{%- raw -%}  {{ x }}  {%- endraw -%}", "{{ x }}"],
    ["{% verbatim %}{{ y }}{% endverbatim %}", "{{ y }}"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });
});

describe("control structures", () => {
  it.each([
    ["{% if inputs.flag %}yes{% endif %}", "yes"],
    ["{% if inputs.empty %}yes{% else %}no{% endif %}", "no"],
    ["{% if inputs.count > 10 %}big{% elseif inputs.count > 5 %}medium{% else %}small{% endif %}", "medium"],
    ["{% if inputs.count == 7 and inputs.name == 'ada' %}both{% endif %}", "both"],
    ["{% if inputs.missing is defined %}d{% else %}u{% endif %}", "u"],
    ["{% for x in inputs.list %}{{ x }}{% endfor %}", "312"],
    ["{% for x in inputs.list %}{{ loop.index }}{{ loop.first }}{{ loop.last }} {% endfor %}", "0truefalse 1falsefalse 2falsetrue "],
    ["{% for x in inputs.list %}{{ loop.length }}{{ loop.revindex }}{% endfor %}", "323130"],
    ["{% for x in [] %}a{% else %}empty{% endfor %}", "empty"],
    ["{% for x in inputs.nothing %}a{% else %}none{% endfor %}", "none"],
    ["{% for e in {'k': 'v', 'k2': 'v2'} %}{{ e.key }}={{ e.value }};{% endfor %}", "k=v;k2=v2;"],
    ["{% for i in 1..3 %}{% for j in ['a','b'] %}{{ i }}{{ j }} {% endfor %}{% endfor %}", "1a 1b 2a 2b 3a 3b "],
    ["{% set x = inputs.count * 2 %}{{ x }}", "14"],
    ["{% set l = [1, 2] %}{% set l = l + 3 %}{{ l }}", "[1,2,3]"],
    ["{% for i in [1,2] %}{% set inner = i %}{% endfor %}{{ inner ?? 'scoped' }}", "scoped"],
    ["{% set name = 'shadow' %}{{ name }} {{ inputs.name }}", "shadow ada"],
    ["{% filter upper %}hello {{ inputs.name }}{% endfilter %}", "HELLO ADA"],
    ["{% filter lower | capitalize %}HELLO{% endfilter %}", "Hello"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });
});

describe("literals and operators", () => {
  it.each([
    ["{{ 'single' }} {{ \"double\" }}", "single double"],
    ["{{ 'it\\'s' }}", "it's"],
    ['{{ "say \\"hi\\"" }}', 'say "hi"'],
    ["{{ 'back\\\\slash' }}", "back\\slash"],
    ["{{ 'keep\\.dot' }}", "keep\\.dot"],
    ['{{ "Hello #{inputs.name | upper}!" }}', "Hello ADA!"],
    ["{{ 'no #{interpolation}' }}", "no #{interpolation}"],
    ["{{ 42 }} {{ 3.14 }} {{ 10L }}", "42 3.14 10"],
    ["{{ [1, 'two', [3]] }}", '[1,"two",[3]]'],
    ["{{ {'a': 1, b: [true, null]} }}", '{"a":1,"b":[true,null]}'],
    ["{{ {} }}{{ [] }}", "{}[]"],
    ["{{ 1 + 2 * 3 }}", "7"],
    ["{{ (1 + 2) * 3 }}", "9"],
    ["{{ 7 / 2 }}", "3"],
    ["{{ 7 / 2.0 }}", "3.5"],
    // Pebble prints a double with Double.toString (VariableRendererTest: a float stays a float).
    ["{{ 2.0 }} {{ 1.5 * 2 }} {{ 4 / 2 }} {{ -2.0 }} {{ 0.0 }} {{ 6 / 2.0 }} {{ 20000000.0 }}", "2.0 3.0 2 -2.0 0.0 3.0 2.0E7"],
    // A double read from JSON text keeps its fraction, as Jackson parses it into a Double.
    ["{{ fromJson('{\"a\": 2.0, \"b\": [1.0, 2, 1e3], \"c\": 3}').a }} {{ fromJson('[2.0, 2]')[0] }} {{ fromJson('[2.0, 2]')[1] }}", "2.0 2.0 2"],
    ["{{ fromJson('{\"a\": 2.0, \"b\": [1.0, 2, 1e3], \"c\": 3, \"s\": \"2.0\"}') }}", '{"a":2.0,"b":[1.0,2,1000.0],"c":3,"s":"2.0"}'],
    ["{{ fromJson('{\"a\": 2}').a }} {{ fromJson('{\"__proto__\": {\"x\": 1.0}}') }}", '2 {"__proto__":{"x":1.0}}'],
    // Arithmetic on a double read from data is a double (Java's promotion): 2.0 + 1 is 3.0, 7.0 / 2 is 3.5.
    ["{{ fromJson('[2.0, 7.0, 7]')[0] + 1 }} {{ fromJson('[2.0, 7.0, 7]')[1] / 2 }} {{ fromJson('[2.0, 7.0, 7]')[2] / 2 }}", "3.0 3.5 3"],
    ["{{ (fromJson('[2.0]')[0] + 1) * 2 }} {{ fromJson('[2.0]')[0] - 2 }} {{ 1 + 1 }} {{ fromJson('[2]')[0] * 3 }}", "6.0 0.0 2 6"],
    // A loop variable or a `set` variable holding a double stays one.
    ["{% for x in fromJson('[1.0, 2]') %}{{ x }}/{{ x + 1 }} {% endfor %}", "1.0/2.0 2/3 "],
    ["{% set d = fromJson('[2.0]')[0] %}{% set n = 2 %}{{ d }} {{ d * 2 }} {{ n * 2 }} {% set d = 3 %}{{ d }}", "2.0 4.0 4 3"],
    ["{% for x in [1.5, 2] %}{{ x * 2 }} {% endfor %}", "3.0 4 "],
    ["{{ -7 / 2 }}", "-3"],
    ["{{ 7 % 3 }} {{ -7 % 3 }}", "1 -1"],
    ["{{ inputs.price * 2 }}", "5"],
    ["{{ 0.1 + 0.2 }}", "0.30000000000000004"],
    ["{{ 12345678.9 }} {{ 0.0001 }} {{ 1.5 * 1.5 }}", "1.23456789E7 1.0E-4 2.25"],
    ["{{ -inputs.count }}", "-7"],
    ["{{ 'a' + 1 }}", "a1"],
    ["{{ 'a' ~ 1 ~ null ~ true }}", "a1true"],
    ["{{ 'x' ~ [1, 2] }}", "x[1, 2]"],
    ["{{ 'x' ~ {'k': 'v'} }}", "x{k=v}"],
    ["{{ 'a' ~ 'b' | upper }}", "AB"],
    ["{{ 'a' + 'b' | upper }}", "aB"],
    ["{{ [1, 2] + [3] }} {{ [1, 2, 3] - 2 }}", "[1,2,3] [1,3]"],
    ["{{ 1 == 1 }} {{ 1 == 1.0 }} {{ '1' == 1 }} {{ 'a' equals 'a' }}", "true true false true"],
    ["{{ [1, {'a': 2}] == [1, {'a': 2}] }}", "true"],
    ["{{ 1 != 2 }} {{ null == null }} {{ null != 'x' }}", "true true true"],
    ["{{ 2 > 1 }} {{ 2 >= 2 }} {{ 1 < 2 }} {{ 2 <= 1 }}", "true true true false"],
    ["{{ 'b' > 'a' }} {{ 'abc' < 'abd' }}", "true true"],
    ["{{ null > 1 }}", "false"],
    ["{{ true and false }} {{ true or false }} {{ not true }}", "false true false"],
    ["{{ not inputs.flag and true }}", "false"],
    ["{{ inputs.flag ? 'y' : 'n' }} {{ inputs.empty ? 'y' : 'n' }}", "y n"],
    ["{{ false ? 'a' : true ? 'b' : 'c' }}", "b"],
    ["{{ [1, 2, 3] contains 2 }} {{ [1, 2, 3] contains [1, 3] }} {{ [1] contains 5 }}", "true true false"],
    ["{{ 'haystack' contains 'st' }} {{ {'k': 1} contains 'k' }} {{ null contains 'x' }}", "true true false"],
    ["{{ 'b' in ['a', 'b'] }} {{ 'SUCCESS' isIn ['SUCCESS', 'KILLED'] }} {{ 'x' notIn ['a'] }}", "true true true"],
    ["{{ 1..4 }} {{ 3..1 }} {{ 'a'..'c' }} {{ range(6, 0, -2) }}", '[1,2,3,4] [] ["a","b","c"] [6,4,2,0]'],
    ["{{ 4 is even }} {{ 3 is odd }} {{ 3 is not even }}", "true true true"],
    ["{{ null is null }} {{ inputs.nothing is null }} {{ inputs.name is not null }}", "true true true"],
    ["{{ '' is empty }} {{ '  ' is empty }} {{ [] is empty }} {{ {} is empty }} {{ 'x' is empty }}", "true true true true false"],
    ["{{ [1] is iterable }} {{ {} is map }} {{ 'x' is map }}", "true true false"],
    ["{{ '{\"a\": 1}' is json }} {{ 'nope' is json }} {{ [1] is json }}", "true false true"],
    ["{{ inputs.name is defined }} {{ inputs.nothing is defined }} {{ inputs.nope is defined }} {{ nope is defined }}", "true false false false"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });
});

describe("undefined values (Kestra strict variables)", () => {
  it.each([
    ["{{ missing ?? 'fallback' }}", "fallback"],
    ["{{ inputs.missing ?? inputs.alsoMissing ?? 'third' }}", "third"],
    ["{{ inputs.nothing ?? 'null-replaced' }}", "null-replaced"],
    ["{{ inputs.nothing ??? 'kept-null' }}", ""],
    ["{{ inputs.missing ??? 'undefined-replaced' }}", "undefined-replaced"],
    ["{{ (inputs.nothing ??? 'a') ?? 'b' }}", "b"],
    ["{{ outputs.none.value ?? '' }}", ""],
    ["{{ nope.deep.chain ?? 'safe' }}", "safe"],
    ["{{ inputs.missing | default('dflt') }}", "dflt"],
    ["{{ inputs.empty | default('was empty') }}", "was empty"],
    ["{{ inputs.name | default('unused') }}", "ada"],
    ["{{ 0 | default(5) }} {{ false | default(true) }}", "0 false"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });

  it("fails on a missing root variable with Kestra's message", async () => {
    const error = await errorOf(render("{{ invalid }}", ctx));
    expect(error.code).toBe("UNDEFINED");
    expect(error.attribute).toBe("invalid");
    expect(error.message).toBe("Unable to find `invalid` used in the expression `{{ invalid }}` at line 1");
  });

  it("fails on a missing attribute and names it", async () => {
    const error = await errorOf(render("ok\n{{ outputs.notexists == 2 }}", ctx));
    expect(error.code).toBe("UNDEFINED");
    expect(error.attribute).toBe("notexists");
    expect(error.line).toBe(2);
  });

  it("fails on an attribute of null", async () => {
    expect((await errorOf(render("{{ inputs.nothing.x }}", ctx))).code).toBe("UNDEFINED");
  });

  it("fails on an index past the end of a list", async () => {
    expect((await errorOf(render("{{ inputs.list[10] }}", ctx))).code).toBe("UNDEFINED");
  });

  it("evaluates ternary branches lazily: the untaken branch may be undefined", async () => {
    expect(await render("{{ true ? 'ok' : ko }}", ctx)).toBe("ok");
    expect((await errorOf(render("{{ false ? 'ok' : ko }}", ctx))).attribute).toBe("ko");
  });

  it("short-circuits and/or", async () => {
    expect(await render("{{ false and missing }} {{ true or missing }}", ctx)).toBe("false true");
  });
});

describe("errors", () => {
  it.each([
    ["{{ }}", "SYNTAX"],
    ["{{ inputs.name", "SYNTAX"],
    ["{% if true %}never closed", "SYNTAX"],
    ["{% endif %}", "SYNTAX"],
    ["{% unknowntag %}", "SYNTAX"],
    ["{# unclosed comment", "SYNTAX"],
    ["{{ 'unclosed }}", "SYNTAX"],
    ["{{ [1, 2 }}", "SYNTAX"],
    ["{{ 1 +* 2 }}", "SYNTAX"],
    ["{{ x | nosuchfilter }}", "EVALUATION"],
    ["{{ 'a' | nosuchfilter }}", "EVALUATION"],
    ["{{ nosuchfunction() }}", "EVALUATION"],
    ["{{ nosuchfunction(missing) }}", "EVALUATION"],
    ["{{ 1 is nosuchtest }}", "EVALUATION"],
    ["{{ 1 / 0 }}", "EVALUATION"],
    ["{{ 'a' * 2 }}", "TYPE"],
    ["{{ 'a' - 1 }}", "TYPE"],
    ["{{ [1] > 0 }}", "TYPE"],
    ["{{ -'x' }}", "TYPE"],
    ["{% for x in 5 %}{% endfor %}", "TYPE"],
    ["{{ 5 contains 1 }}", "TYPE"],
  ])("%j fails with %s", async (template, code) => {
    expect((await errorOf(render(template, ctx))).code).toBe(code);
  });

  it("reports line and column of the failing expression", async () => {
    const error = await errorOf(render("line one\nline two {{ 1 / 0 }}", ctx));
    expect(error.line).toBe(2);
    // the operator that failed
    expect(error.column).toBe(15);
    expect(error.reason).toBe("/ by zero");
    expect(error.message).toBe("io.pebbletemplates.pebble.error.PebbleException: / by zero (line one\nline two {{ 1 / 0 }}:2)");
  });

  it("rejects the If condition Kestra cannot parse either (flowable-with-parent-fail.yaml)", async () => {
    const template =
      "{{parents[0].taskrun.value == 'CUMULATIVE' and {% for entry in json(taskrun.value) %}{{ entry.key }}{% endfor %}== 'NEW_MONTH'}}";
    expect((await errorOf(render(template, { parents: [], taskrun: { value: "{}" } }))).code).toBe("SYNTAX");
  });
});

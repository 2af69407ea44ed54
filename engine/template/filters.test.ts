import { describe, expect, it } from "vitest";
import { render, renderTyped, TemplateError, type TemplateContext } from "./index";

const ctx: TemplateContext = {
  words: "hello wide world",
  list: ["b", "c", "a"],
  numbers: [3, 10, 1],
  map: { x: 1, y: 2 },
  payload: { name: "John Doe", score: { English: 72, Maths: 88, French: 95 }, years: [2020, 2021] },
  nothing: null,
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TemplateError)) throw new Error(`expected a TemplateError, got ${String(error)}`);
  return error.code;
}

describe("string filters", () => {
  it.each([
    ["{{ 'quiet sentence' | upper }}", "QUIET SENTENCE"],
    ["{{ 'LOUD TEXT' | lower }}", "loud text"],
    ["{{ 'article title' | capitalize }}", "Article title"],
    ["{{ '  padded' | capitalize }}", "  Padded"],
    ["{{ 'article title' | title }}", "Article Title"],
    ["{{ '   padded text   ' | trim }}", "padded text"],
    ["{{ 'this is a long sentence.' | abbreviate(7) }}", "this..."],
    ["{{ 'short' | abbreviate(10) }}", "short"],
    ["{{ 'I like %this% and %that%.' | replace({'%this%': 'foo', '%that%': 'bar'}) }}", "I like foo and bar."],
    ["{{ 'a.b.c' | replace({'.': '-'}) }}", "a-b-c"],
    ["{{ 'a1b22c' | replace({'[0-9]+': '#'}, regexp=true) }}", "a#b#c"],
    ["{{ 'john smith' | replace({'(\\w+) (\\w+)': '$2, $1'}, regexp=true) }}", "smith, john"],
    ["{{ 'apple,banana,cherry' | split(',') }}", '["apple","banana","cherry"]'],
    ["{{ 'apple,banana,cherry,grape' | split(',', 2) }}", '["apple","banana,cherry,grape"]'],
    ["{{ 'a.b.c' | split('\\.') }}", '["a","b","c"]'],
    ["{{ 'a1b2c' | split('[0-9]') }}", '["a","b","c"]'],
    ["{{ 'a,b,,' | split(',') }} {{ 'a,b,,' | split(',', -1) }}", '["a","b"] ["a","b","",""]'],
    ["{{ 'abc' | split('') }}", '["a","b","c"]'],
    ["{{ 'hello world' | startsWith('hello') }} {{ 'hello world' | endsWith('x') }}", "true false"],
    ["{{ 'a.b.c' | substringBefore('.') }} {{ 'a.b.c' | substringAfter('.') }}", "a b.c"],
    ["{{ 'a.b.c' | substringBeforeLast('.') }} {{ 'a.b.c' | substringAfterLast('.') }}", "a.b c"],
    ["{{ 'abc' | substringBefore('x') }}|{{ 'abc' | substringAfter('x') }}", "abc|"],
    ["{{ \"Can't be here\" | escapeChar('single') }}", "Can\\'t be here"],
    ['{{ \'say "x"\' | escapeChar(\'double\') }}', 'say \\"x\\"'],
    ["{{ \"it's\" | escapeChar('shell') }}", "it'\\''s"],
    ["{{ 'Hello World!' | slugify }}", "hello-world"],
    ["{{ 'Crème Brûlée à la carte' | slugify }}", "creme-brulee-a-la-carte"],
    ["{{ 'a\nb' | indent(2) }}", "a\n  b"],
    ["{{ 'a\nb' | nindent(2) }}", "\n  a\n  b"],
    ["{{ 'a\nb' | indent(2, '-') }}", "a\n--b"],
    ["{{ 123 | string }} {{ [1] | string }}", "123 [1]"],
    ["{{ '<a href=\"x\">' | escape }}", "&lt;a href=&quot;x&quot;&gt;"],
    ["{{ 'a\nb' | nl2br }}", "a<br />b"],
    ["{{ nothing | upper }}", ""],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });
});

describe("encoding and hashing filters", () => {
  it.each([
    ["{{ 'The string ü@foo-bar' | urlencode }}", "The+string+%C3%BC%40foo-bar"],
    ["{{ 'The+string+%C3%BC%40foo-bar' | urldecode }}", "The string ü@foo-bar"],
    ["{{ 'test' | base64encode }}", "dGVzdA=="],
    ["{{ 'dGVzdA==' | base64decode }}", "test"],
    ["{{ 'test' | sha256 }}", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    ["{{ 'test' | sha1 }}", "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"],
    ["{{ 'test' | md5 }}", "098f6bcd4621d373cade4e832627b4f6"],
    ["{{ 'test' | sha512 | length }}", "128"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });

  it("refuses invalid base64 and broken url escapes", async () => {
    expect(await codeOf(render("{{ 'not base64!' | base64decode }}", ctx))).toBe("EVALUATION");
    expect(await codeOf(render("{{ '%zz' | urldecode }}", ctx))).toBe("EVALUATION");
  });
});

describe("collection filters", () => {
  it.each([
    ["{{ words | length }} {{ list | length }} {{ map | length }} {{ nothing | length }}", "16 3 2 0"],
    ["{{ list | size }}", "3"],
    ["{{ list | first }} {{ list | last }} {{ 'Mitch' | first }} {{ 'Mitch' | last }}", "b a M h"],
    ["{{ [] | first }}", ""],
    ["{{ list | join(', ') }}", "b, c, a"],
    ["{{ [1, null, 'x'] | join }}", "1nullx"],
    ["{{ ['apple', 'banana', 'cherry'] | slice(1, 2) }}", '["banana"]'],
    ["{{ 'Mitch' | slice(1, 3) }}", "it"],
    ["{{ list | sort }} {{ numbers | sort }} {{ numbers | rsort }}", '["a","b","c"] [1,3,10] [10,3,1]'],
    ["{{ list | reverse }} {{ 'abc' | reverse }}", '["a","c","b"] cba'],
    ["{{ {'foo': 'bar', 'baz': 'qux'} | keys }}", '["foo","baz"]'],
    ["{{ list | keys }}", "[0,1,2]"],
    ["{{ {'foo': 'bar', 'baz': 'qux'} | values }}", '["bar","qux"]'],
    ["{{ [1, 2] | merge([3, 4]) }}", "[1,2,3,4]"],
    ["{{ {'a': 1, 'b': 2} | merge({'b': 3, 'c': 4}) }}", '{"a":1,"b":3,"c":4}'],
    ["{{ [1, 2, 3, 4, 5] | chunk(2) }}", "[[1,2],[3,4],[5]]"],
    ["{{ ['1', '1', '2', '3'] | distinct }}", '["1","2","3"]'],
    ["{{ [[1, 2], 3, [4, [5]]] | flatten }}", "[1,2,3,4,[5]]"],
    ["{{ payload.score | length }}", "3"],
    ["{{ payload.years | first }}-{{ payload.years | last }}", "2020-2021"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });

  it.each([
    ["{{ [1, 'a'] | sort }}", "TYPE"],
    ["{{ 'abc' | slice(2, 10) }}", "EVALUATION"],
    ["{{ 5 | join }}", "TYPE"],
    ["{{ 'x' | keys }}", "TYPE"],
    ["{{ [1] | chunk(0) }}", "EVALUATION"],
  ])("%j fails with %s", async (template, code) => {
    expect(await codeOf(render(template, ctx))).toBe(code);
  });
});

describe("number filters", () => {
  it.each([
    ["{{ -7 | abs }}", "7"],
    ["{{ '12' | number + 1 }}", "13"],
    ["{{ '12.5' | number }}", "12.5"],
    ["{{ '0x1F' | number }}", "31"],
    ["{{ '42' | number('LONG') }}", "42"],
    ["{{ 3.141592653 | numberformat('#.##') }}", "3.14"],
    ["{{ 1234567.891 | numberFormat('#,##0.00') }}", "1,234,567.89"],
    ["{{ 0.5 | numberformat('0.000') }}", "0.500"],
    // DecimalFormat: HALF_EVEN on the exact tie, and '#' prints no leading zero
    ["{{ 0.125 | numberformat('#.##') }} {{ 0.125 | numberformat('0.##') }}", ".12 0.12"],
    ["{{ 0.25 | numberformat('0%') }}", "25%"],
    ["{{ 2.5 | round }} {{ 2.345 | round(2) }} {{ 2.7 | round(0, 'floor') }}", "3 2.35 2"],
    ["{{ 'x' | className }} {{ 1 | className }} {{ 1.5 | className }} {{ [] | className }}", "java.lang.String java.lang.Integer java.lang.Double java.util.ArrayList"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });

  it("refuses non-numbers", async () => {
    expect(await codeOf(render("{{ 'abc' | number }}", ctx))).toBe("EVALUATION");
    expect(await codeOf(render("{{ '1.5' | number('INT') }}", ctx))).toBe("EVALUATION");
    expect(await codeOf(render("{{ 12 | number }}", ctx))).toBe("TYPE");
    expect(await codeOf(render("{{ 'x' | abs }}", ctx))).toBe("TYPE");
  });
});

describe("json, jq and yaml", () => {
  it.each([
    ["{{ [1, 2, 3] | toJson }}", "[1,2,3]"],
    ["{{ true | toJson }} {{ 'foo' | toJson }} {{ nothing | toJson }}", 'true "foo" null'],
    ["{{ map | json }}", '{"x":1,"y":2}'],
    ["{{ map | jsonEncode }}", '{"x":1,"y":2}'],
    ["{{ 'quote\"d' | toJson }}", '"quote\\"d"'],
    ["{{ [1, 2, 3] | jq('.') }}", "[[1,2,3]]"],
    ["{{ [1, 2, 3] | jq('.[0]') | first }}", "1"],
    ["{{ payload | jq('.score.Maths') | first }}", "88"],
    ["{{ payload.score | values | jq('reduce .[] as $num (0; .+$num)') | first }}", "255"],
    ["{{ payload | jq('.years | map(. + 1)') | first }}", "[2021,2022]"],
    ["{{ payload | jq('.score | to_entries | map(select(.value > 80)) | map(.key)') | first }}", '["Maths","French"]'],
    ["{{ payload | jq('.score | keys') | first }}", '["English","French","Maths"]'],
    ["{{ payload | jq('[.years[] | tostring] | join(\"-\")') | first }}", "2020-2021"],
    ["{{ payload | jq('.missing // \"fallback\"') | first }}", "fallback"],
    ["{{ payload | jq('if .score.Maths > 50 then \"pass\" else \"fail\" end') | first }}", "pass"],
    ["{{ payload | jq('{n: .name, count: (.years | length)}') | first }}", '{"n":"John Doe","count":2}'],
    ["{{ '{\"key\": \"my-key\", \"value\": 1}' | jq('.key') }}", '["my-key"]'],
    ["{{ [3, 1, 2] | jq('.[]') }}", "[3,1,2]"],
    ["{{ map | yaml }}", "x: 1\ny: 2\n"],
    ["{{ {'list': ['a', 'b']} | yaml }}", "list:\n  - a\n  - b\n"],
    ["{{ nothing | yaml }}", "null"],
  ])("%j renders %j", async (template, expected) => {
    expect(await render(template, ctx)).toBe(expected);
  });

  it("returns jq results as a list when typed", async () => {
    expect(await renderTyped("{{ map | jq('.x, .y') }}", ctx)).toEqual([1, 2]);
  });

  it("reports invalid jq programs and invalid JSON input", async () => {
    expect(await codeOf(render("{{ map | jq('.[') }}", ctx))).toBe("EVALUATION");
    expect(await codeOf(render("{{ 'not json' | jq('.') }}", ctx))).toBe("EVALUATION");
  });
});

import { describe, expect, it } from "vitest";
import { validateFlowSource } from "@/engine/flow/validate";
import { resolveInputs } from "./inputs";

/**
 * Kestra refuses to create an execution whose inputs break their declared constraints,
 * with its own wording (InputsTest: inputsFailedValidated* and friends).
 */
const source = `id: inputs
namespace: io.kestra.tests
inputs:
  - id: validatedString
    type: STRING
    validator: A\\d+
    required: false
  - id: validatedInt
    type: INT
    min: 10
    max: 20
    required: false
  - id: validatedDate
    type: DATE
    after: 2023-01-01
    before: 2023-12-31
    required: false
  - id: validatedDateTime
    type: DATETIME
    after: "2023-01-01T00:00:00Z"
    before: "2023-12-31T23:59:59Z"
    required: false
  - id: validatedDuration
    type: DURATION
    min: PT10S
    max: PT20S
    required: false
  - id: validatedFloat
    type: FLOAT
    min: 0.1
    max: 0.5
    required: false
  - id: validatedTime
    type: TIME
    after: "01:00:00"
    before: "11:59:59"
    required: false
  - id: uri
    type: URI
    required: false
  - id: array
    type: ARRAY
    itemType: INT
    required: false
  - id: enum
    type: ENUM
    values: [ENUM_VALUE, OTHER_ONE]
    required: false
  - id: needed
    type: STRING
    required: false
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: hi
`;
const parsed = validateFlowSource(source);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const declared = parsed.flow.inputs;

function error(given: Record<string, unknown>): string {
  const result = resolveInputs(declared, given, "typed");
  if (result.ok) throw new Error(`accepted ${JSON.stringify(given)}`);
  expect(result.errors).toHaveLength(1);
  return result.errors[0].message;
}

describe("input validation as Kestra's", () => {
  it.each([
    [{ validatedString: "B123" }, "Invalid input for `validatedString`, it must match the pattern `A\\d+`, but received `B123`"],
    [{ validatedInt: "9" }, "Invalid input for `validatedInt`, it must be more than `10`, but received `9`"],
    [{ validatedInt: 21 }, "Invalid input for `validatedInt`, it must be less than `20`, but received `21`"],
    [{ validatedDate: "2022-01-01" }, "Invalid input for `validatedDate`, it must be after `2023-01-01`, but received `2022-01-01`"],
    [{ validatedDate: "2024-01-01" }, "Invalid input for `validatedDate`, it must be before `2023-12-31`, but received `2024-01-01`"],
    [{ validatedDateTime: "2022-01-01T00:00:00Z" }, "Invalid input for `validatedDateTime`, it must be after `2023-01-01T00:00:00Z`, but received `2022-01-01T00:00:00Z`"],
    [{ validatedDateTime: "2024-01-01T00:00:00Z" }, "Invalid input for `validatedDateTime`, it must be before `2023-12-31T23:59:59Z`, but received `2024-01-01T00:00:00Z`"],
    [{ validatedDuration: "PT1S" }, "Invalid input for `validatedDuration`, It must be more than `PT10S`, but received `PT1S`"],
    [{ validatedDuration: "PT30S" }, "Invalid input for `validatedDuration`, It must be less than `PT20S`, but received `PT30S`"],
    [{ validatedFloat: "0.01" }, "Invalid input for `validatedFloat`, it must be more than `0.1`, but received `0.01`"],
    [{ validatedFloat: 1.01 }, "Invalid input for `validatedFloat`, it must be less than `0.5`, but received `1.01`"],
    [{ validatedTime: "00:00:01" }, "Invalid input for `validatedTime`, it must be after `01:00`, but received `00:00:01`"],
    [{ validatedTime: "14:00:00" }, "Invalid input for `validatedTime`, it must be before `11:59:59`, but received `14:00:00`"],
    [{ uri: "http:/bla" }, "Invalid input for `uri`, Expected `URI` but received `http:/bla`, but received `http:/bla`"],
    [{ array: '["s1", "s2"]' }, 'Invalid input for `array`, Unable to parse array element as `INT` on `s1`, but received `["s1", "s2"]`'],
    [{ enum: "INVALID" }, "Invalid input for `enum`, it must match the values `[ENUM_VALUE, OTHER_ONE]`, but received `INVALID`"],
  ])("refuses %j", (given, message) => {
    expect(error(given)).toBe(message);
  });

  it("accepts values inside the bounds, bounds included, and converts array items", () => {
    const result = resolveInputs(
      declared,
      {
        validatedString: "A123",
        validatedInt: "10",
        validatedDate: "2023-12-31",
        validatedDateTime: "2023-06-01T10:00:00Z",
        validatedDuration: "PT20S",
        validatedFloat: 0.5,
        validatedTime: "01:00",
        uri: "https://www.google.com",
        array: '["1", 2]',
        enum: "OTHER_ONE",
      },
      "typed",
    );
    expect(result).toMatchObject({ ok: true, inputs: { validatedInt: 10, validatedFloat: 0.5, array: [1, 2], uri: "https://www.google.com" } });
  });

  it("a date that does not exist is refused", () => {
    expect(error({ validatedDate: "2023-02-30" })).toContain("could not be parsed as a date");
  });

  it("a missing required input says so in Kestra's words", () => {
    const required = validateFlowSource(source.replace("  - id: needed\n    type: STRING\n    required: false\n", "  - id: needed\n    type: STRING\n"));
    if (!required.ok) throw new Error("invalid");
    const result = resolveInputs(required.flow.inputs, {}, "typed");
    expect(result).toEqual({ ok: false, errors: [{ input: "needed", message: "Invalid input for `needed`, missing required input, but received `null`" }] });
  });

  it("raw mode (Kestra's tests that bypass validation) keeps everything as given", () => {
    expect(resolveInputs(declared, { validatedInt: 1 }, "raw")).toMatchObject({ ok: true, inputs: { validatedInt: 1 } });
  });
});

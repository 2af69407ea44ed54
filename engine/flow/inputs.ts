import { z } from "zod";
import { idRuleMessage } from "@/lib/id-rules";
import { anyValue, bool, duration, expression, int, number, onType, text } from "./values";

/** Input ids may contain dots (`request.name`): Kestra nests them in `inputs`. */
const INPUT_ID_RE = /^[a-zA-Z0-9][.a-zA-Z0-9_-]*$/;

export const INPUT_TYPES = [
  "STRING",
  "ENUM",
  "SELECT",
  "MULTISELECT",
  "INT",
  "FLOAT",
  "BOOLEAN",
  "BOOL",
  "DATETIME",
  "DATE",
  "TIME",
  "DURATION",
  "FILE",
  "JSON",
  "YAML",
  "URI",
  "SECRET",
  "ARRAY",
  "EMAIL",
] as const;
export type InputType = (typeof INPUT_TYPES)[number];

export const inputId = () =>
  z
    .string(onType("expected an input id"))
    .max(100)
    .regex(INPUT_ID_RE, { error: (issue) => idRuleMessage("input id", issue.input, { upper: true, extra: ".-_" }, "customer_name") });

const common = {
  id: inputId(),
  /** Deprecated alias of `id`, still found in older flows. */
  name: z.string().optional(),
  description: z.string().optional(),
  displayName: z.string().optional(),
  required: bool().default(true),
  dependsOn: z
    .strictObject({ inputs: z.array(z.string()).default([]), condition: z.string().optional() })
    .optional(),
};

const input = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({ type: z.literal(type), ...common, ...shape });

const textDefaults = { defaults: text().optional() };
const between = { after: z.string().optional(), before: z.string().optional() };
const choices = z.array(text());

const variants = [
  input("STRING", { ...textDefaults, validator: z.string().optional() }),
  input("SECRET", { ...textDefaults, validator: z.string().optional() }),
  input("EMAIL", textDefaults),
  input("URI", textDefaults),
  input("INT", {
    defaults: z.union([int(), expression], { error: "expected an integer" }).optional(),
    min: int().optional(),
    max: int().optional(),
  }),
  input("FLOAT", {
    defaults: z.union([number(), expression], { error: "expected a number" }).optional(),
    min: number().optional(),
    max: number().optional(),
  }),
  input("BOOLEAN", {
    defaults: z.union([bool(), expression], { error: "expected a boolean" }).optional(),
  }),
  input("BOOL", {
    defaults: z.union([bool(), expression], { error: "expected a boolean" }).optional(),
  }),
  input("DATETIME", { ...textDefaults, ...between }),
  input("DATE", { ...textDefaults, ...between }),
  input("TIME", { ...textDefaults, ...between }),
  input("DURATION", {
    defaults: z.union([duration(), expression], { error: "expected a duration" }).optional(),
    min: duration().optional(),
    max: duration().optional(),
  }),
  input("FILE", {
    ...textDefaults,
    extension: z.string().optional(),
    allowedFileExtensions: z.array(z.string()).optional(),
  }),
  input("JSON", { defaults: anyValue().optional() }),
  input("YAML", { defaults: anyValue().optional() }),
  input("ENUM", { ...textDefaults, values: choices.min(1, "an ENUM input needs values") }),
  input("SELECT", {
    ...textDefaults,
    values: choices.optional(),
    expression: z.string().optional(),
    allowCustomValue: bool().default(false),
    isRadio: bool().optional(),
    autoSelectFirst: bool().optional(),
  }),
  input("MULTISELECT", {
    defaults: z.union([choices, expression]).optional(),
    values: choices.optional(),
    /** Deprecated name of `values`. */
    options: choices.optional(),
    expression: z.string().optional(),
    allowCustomValue: bool().default(false),
    autoSelectFirst: bool().optional(),
  }),
  input("ARRAY", {
    defaults: z.union([z.array(anyValue()), expression]).optional(),
    itemType: z.enum(INPUT_TYPES.filter((t) => t !== "ARRAY") as [InputType, ...InputType[]], {
      error: "itemType must be an input type other than ARRAY",
    }),
  }),
] as const;

/** `name:` is the deprecated spelling of `id:`; Kestra copies it over. */
function nameAsId(raw: unknown): unknown {
  if (raw && typeof raw === "object" && !Array.isArray(raw)) {
    const obj = raw as Record<string, unknown>;
    if (obj.id === undefined && obj.name !== undefined) return { ...obj, id: obj.name };
  }
  return raw;
}

const union = z.discriminatedUnion("type", variants, {
  error: (issue) =>
    issue.code === "invalid_union" ? `input type must be one of ${INPUT_TYPES.join(", ")}` : undefined,
});

export const flowInput = () =>
  z.preprocess(nameAsId, union).superRefine((value, ctx) => {
    if ((value.type === "SELECT" || value.type === "MULTISELECT") && !value.values && !value.expression) {
      const alt = value.type === "MULTISELECT" && value.options;
      if (!alt) ctx.addIssue({ code: "custom", path: ["values"], message: `a ${value.type} input needs values or an expression` });
    }
  });

export type FlowInput = z.output<ReturnType<typeof flowInput>>;

import { z } from "zod";

/** A flow input as declared in its YAML (the fields the run form uses). */
export type FlowInput = {
  id: string;
  type: string;
  description?: string;
  displayName?: string;
  required?: boolean;
  defaults?: unknown;
  values?: string[];
  options?: string[];
  min?: number | string;
  max?: number | string;
  itemType?: string;
};

/** Whether the form must get a value: required and without a default (the engine fills defaults). */
export const mustFill = (i: FlowInput) => i.required !== false && (i.defaults === undefined || i.defaults === null);

/** A default as the text the form's control shows. */
export function defaultText(i: FlowInput): string {
  const d = i.defaults;
  if (d === undefined || d === null) return "";
  if (typeof d === "string") return i.type === "DATETIME" ? d.replace(/Z$/, "").slice(0, 16) : d;
  if (typeof d === "object") return JSON.stringify(d, null, 2);
  return String(d);
}

const json = (v: string) => {
  try {
    JSON.parse(v);
    return true;
  } catch {
    return false;
  }
};

/**
 * The client-side check of the run form, built from the flow's inputs: every field is the
 * text of its control. The engine checks again on submit (startExecution), and its
 * per-input messages are shown on the same fields.
 */
export function inputsSchema(inputs: FlowInput[]) {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const input of inputs) {
    if (input.type === "FILE") continue;
    const required = mustFill(input);
    let check = z.string().trim();
    const s = (refine: (v: string) => boolean, message: string) => check.refine((v) => v === "" || refine(v), message);
    let field: z.ZodType<string> = check;
    switch (input.type) {
      case "INT": {
        const min = input.min === undefined ? undefined : Number(input.min);
        const max = input.max === undefined ? undefined : Number(input.max);
        field = s((v) => /^-?\d+$/.test(v), "must be a whole number")
          .refine((v) => v === "" || min === undefined || Number(v) >= min, `must be at least ${input.min}`)
          .refine((v) => v === "" || max === undefined || Number(v) <= max, `must be at most ${input.max}`);
        break;
      }
      case "FLOAT":
        field = s((v) => v.trim() !== "" && Number.isFinite(Number(v)), "must be a number");
        break;
      case "JSON":
        field = s(json, "must be valid JSON");
        break;
      case "ARRAY":
        field = s((v) => (v.startsWith("[") ? json(v) && Array.isArray(JSON.parse(v)) : true), "must be a JSON array, or values separated by commas");
        break;
      case "URI":
        field = s((v) => URL.canParse(v), "must be a URI such as https://example.com/x");
        break;
      case "EMAIL":
        field = s((v) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v), "must be an email address");
        break;
      case "DURATION":
        field = s((v) => /^-?P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/i.test(v), "must be an ISO-8601 duration such as PT5M");
        break;
      case "ENUM":
      case "SELECT":
        if (input.values?.length) field = s((v) => input.values!.includes(v), `must be one of ${input.values.join(", ")}`);
        break;
      default:
        check = check.max(256 * 1024, "is too long");
        field = check;
    }
    shape[input.id] = required ? field.refine((v) => v !== "", "is required") : field;
  }
  return z.object(shape);
}

/** A control's text as the multipart value the API takes (DATETIME in UTC, ARRAY as a JSON array). */
export function wireValue(input: FlowInput, text: string): string {
  const v = text.trim();
  if (input.type === "DATETIME" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return `${v.length === 16 ? `${v}:00` : v}Z`;
  if (input.type === "ARRAY" && v && !v.startsWith("[")) return JSON.stringify(v.split(",").map((s) => s.trim()).filter(Boolean));
  return v;
}

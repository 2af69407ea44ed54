import { z } from "zod";
import { text } from "./values";

export type Label = { key: string; value: string };

const labelKey = z.string().min(1, "label keys must not be empty");

const labelList = z.array(z.strictObject({ key: labelKey, value: text() }));
const labelMap = z.record(labelKey, text());

/**
 * Labels as Kestra accepts them: a map `{key: value}` or a list of
 * `{key, value}`. Always a list once parsed, so the engine handles one shape
 * (the API's execution labels are lists too).
 */
export const labels = () =>
  z
    .union([labelMap, labelList], {
      error: "expected labels as a map of key: value or a list of {key, value}",
    })
    .transform((v): Label[] =>
      Array.isArray(v) ? v : Object.entries(v).map(([key, value]) => ({ key, value })),
    );

/**
 * Labels that may also be one expression rendering to a map or list (the
 * Labels task and Subflow accept `labels: "{{ inputs.labelsJson }}"`). Kept as
 * written: the run-time renderer needs the original keys, which may be
 * templates themselves.
 */
export const dynamicLabels = () =>
  z.union([z.string(), labelMap, labelList], {
    error: "expected labels as a map, a list of {key, value}, or a {{ expression }}",
  });

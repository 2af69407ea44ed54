import { badText, pathText, unstorable } from "@/engine/executor/storable";
import { z } from "zod";
import { checkFlow } from "./checks";
import { plainIssues, type PlainIssue } from "./issues";
import { formatPath, locate } from "./locate";
import { parseYaml, splitDocuments, type ParsedYaml } from "./parse";
import { applyPluginDefaults, pluginDefault } from "./plugin-defaults";
import { flowSchema, type Flow } from "./schema";

/** One problem of a flow source: `path` like `tasks[2].type`, 1-based line and column. */
export type FlowError = {
  path: string;
  message: string;
  line: number;
  column: number;
  /** Set for whole-source problems: too_large, yaml_syntax, multiple_documents, ... */
  code?: string;
};

export type FlowValidation =
  | { ok: true; flow: Flow; source: string }
  | { ok: false; errors: FlowError[] };

const defaultsList = z.array(pluginDefault());

/** Flow-level plugin defaults, read leniently: a broken list is reported by the flow schema. */
function flowDefaults(raw: Record<string, unknown>) {
  const lists = [raw.pluginDefaults, raw.taskDefaults].map((l) => defaultsList.safeParse(l ?? []));
  return lists.flatMap((r) => (r.success ? r.data : []));
}

function toErrors(issues: PlainIssue[], parsed: ParsedYaml): FlowError[] {
  const seen = new Set<string>();
  const errors: FlowError[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    const key = `${path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { line, column } = locate(parsed.doc, parsed.lineCounter, issue.path, { atKey: issue.atKey });
    errors.push({ path, message: issue.message, line, column });
  }
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Parses and validates one flow written in Kestra's YAML. Every problem is
 * reported with its path and position; nothing throws for bad input. On
 * success `flow` has defaults filled in and the flow's own pluginDefaults
 * applied to its tasks and triggers; `revision` is dropped (the server owns it).
 */
export function validateFlowSource(source: string): FlowValidation {
  const badSource = badText(source);
  if (badSource) {
    const at = source.search(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    const before = source.slice(0, Math.max(at, 0)).split("\n");
    return { ok: false, errors: [{ path: "", message: `the YAML ${badSource}`, line: before.length, column: before.at(-1)!.length + 1, code: "bad_character" }] };
  }
  const parsed = parseYaml(source);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };

  const raw = parsed.value;
  const bad = unstorable(raw);
  if (bad) {
    const { line, column } = locate(parsed.doc, parsed.lineCounter, bad.path.filter((s) => s !== "…"));
    return { ok: false, errors: [{ path: pathText("", bad.path).replace(/^\(body\)$/, ""), message: `${bad.reason}, which a flow cannot hold`, line, column }] };
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    const { line, column } = locate(parsed.doc, parsed.lineCounter, []);
    return { ok: false, errors: [{ path: "", message: "a flow must be a YAML map (id, namespace, tasks, ...)", line, column }] };
  }

  const withDefaults = applyPluginDefaults(raw as Record<string, unknown>, flowDefaults(raw as Record<string, unknown>));
  const result = flowSchema.safeParse(withDefaults);
  if (!result.success) {
    return { ok: false, errors: toErrors(plainIssues(result.error.issues, withDefaults), parsed) };
  }

  const { revision: _ignored, ...flow } = result.data;
  const issues = checkFlow(flow);
  if (issues.length) return { ok: false, errors: toErrors(issues, parsed) };
  return { ok: true, flow, source };
}

export type DocumentValidation = FlowValidation & { index: number; line: number; source: string };

/**
 * Validates each `---` document of a body (validate and bulk endpoints).
 * Error lines are those of the whole body. A body-level problem (too large,
 * nothing in it) comes back as `{ ok: false, errors }`.
 */
export function validateFlowDocuments(
  source: string,
): { ok: true; documents: DocumentValidation[] } | { ok: false; errors: FlowError[] } {
  const split = splitDocuments(source);
  if (!split.ok) return split;
  const documents = split.documents.map((doc, index): DocumentValidation => {
    const result = validateFlowSource(doc.source);
    const base = { index, line: doc.line, source: doc.source };
    if (result.ok) return { ...result, ...base };
    const errors = result.errors.map((e) => ({ ...e, line: e.line + doc.line - 1 }));
    return { ok: false, errors, ...base };
  });
  return { ok: true, documents };
}

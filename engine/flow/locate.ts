import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Pair,
  type YAMLMap,
} from "yaml";

export type PathSegment = string | number;
export type Position = { line: number; column: number };

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `["tasks", 2, "type"]` → `tasks[2].type`; odd keys are quoted: `labels["a.b"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (IDENTIFIER.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function findPair(map: YAMLMap, seg: PathSegment): Pair | undefined {
  // Inputs may spell `id` with the deprecated `name`.
  const names = seg === "id" ? ["id", "name"] : [String(seg)];
  for (const name of names) {
    const pair = map.items.find((p) => isPair(p) && String(isScalar(p.key) ? p.key.value : p.key) === name);
    if (pair) return pair;
  }
  return undefined;
}

function startOf(node: unknown): number | undefined {
  if (!isNode(node) || !node.range) return undefined;
  // `key:` with nothing after it: an empty scalar, no useful position.
  if (isScalar(node) && node.value === null && node.source === "") return undefined;
  return node.range[0];
}

/**
 * Where a path points in the YAML document (1-based): the value's first
 * character, or its key's when the value is empty or `atKey` is set. A path
 * that does not exist (a missing property) points at its closest ancestor.
 */
export function locate(
  doc: Document.Parsed,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  { atKey = false } = {},
): Position {
  let node: unknown = doc.contents;
  let offset = startOf(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = path[i];
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = findPair(node, seg);
      if (!pair) break;
      next = pair.value;
      keyOffset = startOf(pair.key);
    } else if (isSeq(node) && typeof seg === "number" && seg < node.items.length) {
      next = node.items[seg];
    } else break;
    const last = i === path.length - 1;
    const valueOffset = startOf(next);
    offset = (last && atKey ? keyOffset : valueOffset) ?? keyOffset ?? valueOffset ?? offset;
    if (valueOffset === undefined) break;
    node = next;
  }
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

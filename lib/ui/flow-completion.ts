/**
 * What the flow editor completes at the cursor, read from the YAML text around it by
 * indentation alone: it must work on half-typed, invalid documents, where a parser gives
 * up. Pure, so it is tested without a browser.
 */

export type PropertyInfo = {
  name: string;
  required: boolean;
  /** For the docs panel, from the JSON schema: "string", "integer", "boolean", "list", "map", "one of". */
  kind?: string;
  /** Allowed values of an enum. */
  values?: string[];
  default?: string;
};
export type PluginInfo = { type: string; title?: string; properties: PropertyInfo[] };
export type PluginCategory = "task" | "trigger" | "condition";

/** Task, trigger and condition types with their properties, and the flow's own keys (lib/ui/flow-catalog.ts). */
export type CompletionCatalog = Record<PluginCategory, PluginInfo[]> & { flow: PropertyInfo[] };

export type CursorContext =
  /** On the value of a `type:` key: complete a plugin type of the category. */
  | { kind: "type"; from: number; prefix: string; category: PluginCategory }
  /** On a key of a mapping: complete its properties (those of its `type`, else the flow's). */
  | { kind: "key"; from: number; prefix: string; category: PluginCategory | "flow"; type?: string; siblings: string[] };

type Line = { indent: number; keyColumn: number; dash: boolean; key?: string; value?: string; blank: boolean };

const KEY_LINE = /^(\s*)(-\s+)?([\w$.-]+)\s*:(?:\s+(.*))?$/;

function readLine(text: string): Line {
  const trimmed = text.trimStart();
  const indent = text.length - trimmed.length;
  if (!trimmed || trimmed.startsWith("#")) return { indent, keyColumn: indent, dash: false, blank: true };
  const dash = /^-(\s+|$)/.exec(trimmed);
  const keyColumn = indent + (dash ? dash[0].length : 0);
  const m = KEY_LINE.exec(text);
  const value = m?.[4]?.replace(/\s+#.*$/, "").trim();
  return { indent, keyColumn, dash: Boolean(dash), key: m?.[3], value: value || undefined, blank: false };
}

/** Which list a mapping's items belong to, from the nearest enclosing key that says. */
const CATEGORY_KEYS: Record<string, PluginCategory> = {
  tasks: "task",
  task: "task",
  then: "task",
  else: "task",
  errors: "task",
  finally: "task",
  defaults: "task",
  afterExecution: "task",
  triggers: "trigger",
  conditions: "condition",
};

/**
 * The keys enclosing line `index` whose mapping starts at `column`, innermost first. Each
 * parent is the nearest line above with a smaller key column; an item's dash does not
 * matter, and an indentless sequence (`tasks:` over `- id:` at the same indent) works too.
 */
function ancestors(lines: Line[], index: number, column: number): string[] {
  const out: string[] = [];
  let limit = column;
  for (let j = index - 1; j >= 0 && limit > 0; j--) {
    const l = lines[j];
    if (l.blank || l.keyColumn >= limit) continue;
    if (l.key && l.value === undefined) out.push(l.key);
    limit = l.keyColumn;
  }
  return out;
}

function categoryOf(keys: string[]): PluginCategory {
  for (const key of keys) if (CATEGORY_KEYS[key]) return CATEGORY_KEYS[key];
  return "task";
}

/** The mapping around line `index` whose keys start at `column`: its keys (in document order) and scalar values. */
function mapping(lines: Line[], index: number, column: number, ownDash: boolean): Map<string, string | undefined> {
  const above: Line[] = [];
  const below: Line[] = [];
  if (!ownDash) {
    for (let j = index - 1; j >= 0; j--) {
      const l = lines[j];
      if (l.blank) continue;
      if (l.dash && l.keyColumn === column) {
        above.push(l);
        break;
      }
      if (l.indent > column || (l.dash && l.indent >= column)) continue;
      if (l.indent !== column || l.dash) break;
      above.push(l);
    }
  }
  for (let j = index + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.blank) continue;
    if (l.dash && l.keyColumn === column) break;
    if (l.indent > column || (l.dash && l.indent >= column)) continue;
    if (l.indent !== column || l.dash) break;
    below.push(l);
  }
  return new Map([...above.reverse(), ...below].filter((l) => l.key).map((l) => [l.key!, l.value]));
}

/** The completion context at offset `pos` of `text`, or null where nothing is completed. */
export function cursorContext(text: string, pos: number): CursorContext | null {
  const lineStart = text.lastIndexOf("\n", pos - 1) + 1;
  const lineEndAt = text.indexOf("\n", pos);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  const before = text.slice(lineStart, pos);
  const after = text.slice(pos, lineEnd);
  const all = text.split("\n");
  const index = text.slice(0, lineStart).split("\n").length - 1;
  const lines = all.map(readLine);

  const typeValue = /^(\s*)(-\s+)?type:\s*([\w.$-]*)$/.exec(before);
  if (typeValue) {
    const column = typeValue[1].length + (typeValue[2]?.length ?? 0);
    const prefix = typeValue[3];
    return { kind: "type", from: pos - prefix.length, prefix, category: categoryOf(ancestors(lines, index, column)) };
  }

  const key = /^(\s*)(-\s+)?([\w$-]*)$/.exec(before);
  if (key && /^[\w$-]*\s*$/.test(after)) {
    const ownDash = Boolean(key[2]);
    const column = key[1].length + (key[2]?.length ?? 0);
    const prefix = key[3];
    const keys = mapping(lines, index, column, ownDash);
    const siblings = [...keys.keys()];
    if (column === 0 && !ownDash) return { kind: "key", from: pos - prefix.length, prefix, category: "flow", siblings };
    const parents = ancestors(lines, index, column);
    const type = keys.get("type");
    return { kind: "key", from: pos - prefix.length, prefix, category: categoryOf(parents), ...(type ? { type } : {}), siblings };
  }
  return null;
}

/** The properties to offer at a key context: those of the type (or the flow) not written yet. */
export function keyOptions(ctx: Extract<CursorContext, { kind: "key" }>, catalog: CompletionCatalog): PropertyInfo[] {
  const taken = new Set(ctx.siblings);
  let properties: PropertyInfo[];
  if (ctx.category === "flow") properties = catalog.flow;
  else if (ctx.type) properties = catalog[ctx.category].find((p) => p.type === ctx.type)?.properties ?? [];
  else properties = ctx.category === "condition" ? [{ name: "type", required: true }] : [{ name: "id", required: true }, { name: "type", required: true }];
  return properties.filter((p) => !taken.has(p.name));
}

/**
 * The plugin type whose mapping holds the cursor (the editor's docs panel): the innermost
 * mapping around `pos` with a `type:` key, found by indentation like completion.
 */
export function typeAtCursor(text: string, pos: number): { type: string; category: PluginCategory } | null {
  const lines = text.split("\n").map(readLine);
  let index = text.slice(0, Math.max(0, pos)).split("\n").length - 1;
  while (index >= 0 && lines[index].blank) index--;
  while (index >= 0) {
    const line = lines[index];
    const keys = mapping(lines, index, line.keyColumn, line.dash);
    if (line.key) keys.set(line.key, line.value);
    const type = keys.get("type");
    if (type && line.keyColumn > 0) return { type, category: categoryOf(ancestors(lines, index, line.keyColumn)) };
    // Up to the line that holds this mapping (the nearest one with a smaller key column).
    let parent = index - 1;
    while (parent >= 0 && (lines[parent].blank || lines[parent].keyColumn >= line.keyColumn)) parent--;
    if (parent < 0 || line.keyColumn === 0) return null;
    index = parent;
  }
  return null;
}

/**
 * The logs tab's data, kept compact and outside React: one array per field (numbers,
 * indices into small tables of task ids), so 100,000 lines cost a few megabytes and
 * appending never copies what is there. Pure: no DOM, unit-tested.
 */

export const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;

/** Lines the logs page renders with itself (so the first rows need no request); the tab pages the rest in. */
export const FIRST_LOG_PAGE = 500;
export type Level = (typeof LEVELS)[number];

/** `[seq, epochMillis, level, taskId, taskRunId, message]`, as `GET /logs/{id}?format=compact` answers. */
export type CompactLog = [number, number, string, string | null, string | null, string];

/** A LogEntry of the API (the follow stream's events). */
export type LogEntryLike = { taskId?: string | null; taskRunId?: string | null; timestamp: string; level: string; message: string };

const TAB = "    ";

/**
 * What a message shows: tabs as spaces, `\r\n` as `\n`, no trailing newline (a monospace
 * grid the row heights are computed on).
 */
export function displayText(message: string): string {
  let text = message;
  if (text.includes("\t")) text = text.replaceAll("\t", TAB);
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  if (text.endsWith("\n")) text = text.replace(/\n+$/, "");
  return text;
}

// Characters a monospace font draws two cells wide (CJK, Hangul, fullwidth forms, emoji).
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud83c-\ud83e][\udc00-\udfff]/g;
// Any non-ASCII character makes the width a guess.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The width, in monospace cells, of each `\n`-separated part of a display text (a number
 * when there is one part), and whether that is a guess (non-ASCII: fonts differ).
 */
export function measureText(text: string): { widths: number | number[]; exact: boolean } {
  const exact = !NON_ASCII.test(text);
  const width = (part: string) => (exact ? part.length : [...part].length + (part.match(WIDE)?.length ?? 0));
  if (!text.includes("\n")) return { widths: width(text), exact };
  return { widths: text.split("\n").map(width), exact };
}

/** Rows a text of these part widths takes when a row holds `cols` cells (each part at least one). */
export function rowsFor(widths: number | number[], cols: number): number {
  const c = Math.max(1, cols);
  if (typeof widths === "number") return widths <= c ? 1 : Math.ceil(widths / c);
  let rows = 0;
  for (const w of widths) rows += w <= c ? 1 : Math.ceil(w / c);
  return rows;
}

/** An interning table: each distinct string once, lines hold its index (-1 for null). */
class Strings {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  id(value: string | null | undefined): number {
    if (value === null || value === undefined) return -1;
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
  get(i: number): string | null {
    return i < 0 ? null : this.values[i]!;
  }
}

export class LogStore {
  readonly seq: number[] = [];
  readonly time: number[] = [];
  readonly level: number[] = [];
  readonly task: number[] = [];
  readonly run: number[] = [];
  readonly text: string[] = [];
  readonly widths: (number | number[])[] = [];
  /** Lines whose width is a guess: the list measures those in the page. */
  readonly inexact = new Set<number>();
  readonly tasks = new Strings();
  readonly runs = new Strings();
  private lower: (string | undefined)[] = [];

  get length() {
    return this.seq.length;
  }

  /** The `seq` of the last line held: where the next page or the follow stream starts. */
  get cursor(): number | null {
    return this.seq.length ? this.seq[this.seq.length - 1]! : null;
  }

  /** Appends lines in order; a line at or before the cursor (a replay) is skipped. */
  appendCompact(rows: CompactLog[]): number {
    let added = 0;
    for (const [seq, time, level, taskId, taskRunId, message] of rows) if (this.push(seq, time, level, taskId, taskRunId, message)) added++;
    return added;
  }

  /** One LogEntry of the follow stream, `seq` from its event id. */
  appendEntry(seq: number, entry: LogEntryLike): boolean {
    return this.push(seq, Date.parse(entry.timestamp), entry.level, entry.taskId ?? null, entry.taskRunId ?? null, entry.message);
  }

  private push(seq: number, time: number, level: string, taskId: string | null, taskRunId: string | null, message: string): boolean {
    const cursor = this.cursor;
    if (cursor !== null && seq <= cursor) return false;
    const i = this.seq.length;
    const text = displayText(message);
    const { widths, exact } = measureText(text);
    this.seq.push(seq);
    this.time.push(time);
    this.level.push(Math.max(0, LEVELS.indexOf(level as Level)));
    this.task.push(this.tasks.id(taskId));
    this.run.push(this.runs.id(taskRunId));
    this.text.push(text);
    this.widths.push(widths);
    if (!exact) this.inexact.add(i);
    return true;
  }

  taskId(i: number): string | null {
    return this.tasks.get(this.task[i]!);
  }

  /** The message in lower case, computed on the first search and kept. */
  lowerText(i: number): string {
    return (this.lower[i] ??= this.text[i]!.toLowerCase());
  }
}

/**
 * What the list shows: line indices in order, and for grouping a header before each task
 * run's lines, encoded as `-1 - group`. `null` means every line, unfiltered (no array of
 * 100,000 numbers to build).
 */
export type LogView = { items: Int32Array | null; count: number; matched: number; groups: { label: string; count: number }[] };

export type LogFilter = { minLevel: number; query: string; grouped: boolean; /** Only this task run's lines. */ taskRunId?: string | null };

/** The lines that pass the filter, grouped by task run when asked (groups in order of their first line). */
export function filterLogs(store: LogStore, filter: LogFilter): LogView {
  const n = store.length;
  const needle = filter.query.trim().toLowerCase();
  if (!needle && filter.minLevel <= 0 && !filter.grouped && !filter.taskRunId) return { items: null, count: n, matched: n, groups: [] };
  const run = filter.taskRunId ? store.runs.id(filter.taskRunId) : null;
  const matching: number[] = [];
  for (let i = 0; i < n; i++) {
    if (store.level[i]! < filter.minLevel) continue;
    if (run !== null && store.run[i] !== run) continue;
    if (needle && !store.lowerText(i).includes(needle) && !(store.taskId(i)?.toLowerCase().includes(needle) ?? false)) continue;
    matching.push(i);
  }
  if (!filter.grouped) return { items: Int32Array.from(matching), count: matching.length, matched: matching.length, groups: [] };
  const byRun = new Map<number, number[]>();
  for (const i of matching) {
    const run = store.run[i]!;
    let lines = byRun.get(run);
    if (!lines) byRun.set(run, (lines = []));
    lines.push(i);
  }
  const items = new Int32Array(matching.length + byRun.size);
  const groups: LogView["groups"] = [];
  let at = 0;
  for (const lines of byRun.values()) {
    items[at++] = -1 - groups.length;
    groups.push({ label: store.taskId(lines[0]!) ?? "execution", count: lines.length });
    for (const i of lines) items[at++] = i;
  }
  return { items, count: items.length, matched: matching.length, groups };
}

import { describe, expect, it } from "vitest";
import { displayText, filterLogs, LogStore, measureText, rowsFor, type CompactLog } from "@/components/executions/log-store";

const row = (seq: number, message: string, level = "INFO", taskId: string | null = "t", run: string | null = "r1"): CompactLog => [seq, Date.UTC(2026, 0, 1) + seq, level, taskId, run, message];

describe("log store", () => {
  it("counts wrapped rows on a grid of monospace cells", () => {
    expect(rowsFor(0, 10)).toBe(1);
    expect(rowsFor(10, 10)).toBe(1);
    expect(rowsFor(11, 10)).toBe(2);
    expect(rowsFor(measureText(displayText("abc\n\n" + "x".repeat(25))).widths, 10)).toBe(1 + 1 + 3);
    expect(rowsFor(12, 0)).toBe(12);
  });

  it("shows tabs as spaces, CRLF as LF, and no trailing newline", () => {
    expect(displayText("a\tb\r\nc\n\n")).toBe("a    b\nc");
    expect(measureText("plain").exact).toBe(true);
    // Wide characters take two cells and make the width a guess the list measures.
    expect(measureText("日本")).toEqual({ widths: 4, exact: false });
  });

  it("appends in seq order and skips lines it already holds", () => {
    const store = new LogStore();
    expect(store.cursor).toBeNull();
    expect(store.appendCompact([row(1, "one"), row(2, "two")])).toBe(2);
    expect(store.appendCompact([row(2, "two again"), row(3, "three")])).toBe(1);
    expect(store.appendEntry(3, { timestamp: "2026-01-01T00:00:00.000Z", level: "INFO", message: "dup" })).toBe(false);
    expect(store.appendEntry(7, { taskId: "other", taskRunId: "r2", timestamp: "2026-01-01T00:00:00.123Z", level: "WARN", message: "seven" })).toBe(true);
    expect(store.length).toBe(4);
    expect(store.cursor).toBe(7);
    expect(store.text).toEqual(["one", "two", "three", "seven"]);
    expect(store.taskId(3)).toBe("other");
    expect(store.time[3]).toBe(Date.parse("2026-01-01T00:00:00.123Z"));
    // Task ids are interned: one table entry per distinct id.
    expect(store.tasks.values).toEqual(["t", "other"]);
  });

  it("filters by level and text (task id too), and groups by task run", () => {
    const store = new LogStore();
    store.appendCompact([row(1, "Starting", "INFO", "a", "r1"), row(2, "debug detail", "DEBUG", "a", "r1"), row(3, "Disk FULL", "ERROR", "builder", "r2"), row(4, "retry", "WARN", "a", "r1")]);
    expect(filterLogs(store, { minLevel: 0, query: "", grouped: false })).toMatchObject({ items: null, count: 4, matched: 4 });
    expect([...filterLogs(store, { minLevel: 3, query: "", grouped: false }).items!]).toEqual([2, 3]);
    expect([...filterLogs(store, { minLevel: 0, query: " full ", grouped: false }).items!]).toEqual([2]);
    expect([...filterLogs(store, { minLevel: 0, query: "BUILD", grouped: false }).items!]).toEqual([2]);
    const grouped = filterLogs(store, { minLevel: 2, query: "", grouped: true });
    expect([...grouped.items!]).toEqual([-1, 0, 3, -2, 2]);
    expect(grouped.groups).toEqual([
      { label: "a", count: 2 },
      { label: "builder", count: 1 },
    ]);
    expect(grouped.matched).toBe(3);
  });
});

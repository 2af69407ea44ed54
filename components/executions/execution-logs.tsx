"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Search } from "@/components/ui/icons";
import { cn } from "@/lib/ui/cn";
import { filterLogs, FIRST_LOG_PAGE, LEVELS, LogStore, rowsFor, type CompactLog, type LogEntryLike } from "./log-store";

const LEVEL_CLASS = ["text-zinc-500 bg-zinc-50", "text-zinc-600 bg-zinc-100", "text-sky-700 bg-sky-50", "text-amber-800 bg-amber-50", "text-red-700 bg-red-50"];

/** After the first page (it comes with the page, see FIRST_LOG_PAGE), the rest comes in large pages. */
const PAGE = 25_000;
const ROW = 20;
const GROUP_ROW = 24;
/** Below this list width the message goes under the time, level and task. */
const STACK_BELOW = 640;

type Status = "loading" | "live" | "ended" | "retrying";

/** Pixel geometry of a line, from the list's width and the monospace cell width. */
type Layout = { stacked: boolean; cols: number; cell: number; messageWidth: number };

function layoutFor(width: number, cell: number, grouped: boolean): Layout {
  const stacked = width < STACK_BELOW;
  // px-3 on both sides; wide: time (12 cells), level (44 px), task (112 px, not when grouped), 8 px gaps.
  const room = stacked ? width - 24 : width - 24 - 12 * cell - 8 - 44 - 8 - (grouped ? 0 : 112 + 8);
  // Half a pixel of slack: the text's own advances may round up, and must still fit `cols` cells.
  const cols = Math.max(8, Math.floor((room - 0.5) / cell));
  return { stacked, cols, cell, messageWidth: cols * cell + 0.5 };
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 23);

type LineProps = { store: LogStore; line: number; index: number; start: number; layout: Layout; grouped: boolean; measure?: (el: HTMLElement | null) => void };

const LogLine = memo(function LogLine({ store, line, index, start, layout, grouped, measure }: LineProps) {
  const level = store.level[line]!;
  const taskId = store.taskId(line);
  return (
    <div
      ref={measure}
      data-index={index}
      className={cn("absolute inset-x-0 flex gap-x-2 px-3", layout.stacked && "flex-wrap")}
      style={{ transform: `translateY(${start}px)` }}
      data-testid="log-line"
    >
      <span className="shrink-0 text-zinc-400">{clock(store.time[line]!)}</span>
      <span className={cn("h-5 w-11 shrink-0 rounded px-1 text-center text-[10.5px] font-semibold", LEVEL_CLASS[level])}>{LEVELS[level]}</span>
      {!grouped && (
        <span className="w-28 shrink-0 truncate text-zinc-500" title={taskId ?? ""}>
          {taskId ?? "—"}
        </span>
      )}
      {/* A fixed grid of cells: wraps at exactly `cols` characters, so the row's height is known before it is drawn. */}
      <span className="shrink-0 whitespace-break-spaces text-zinc-900 [line-break:anywhere]" style={{ width: layout.messageWidth }}>
        {store.text[line]}
      </span>
    </div>
  );
});

/**
 * The logs tab. The first lines come with the page; the rest load as large compact pages
 * of the REST endpoint, then the follow stream (SSE from the last line held) appends new
 * ones until the execution ends. Lines live in a `LogStore` outside React; the list is
 * virtualised with row heights computed from the text (monospace cells), so 100,000
 * lines neither measure nor re-layout while scrolling. Filters run over the store in one
 * pass, deferred so typing stays responsive.
 */
export function ExecutionLogs({
  tenantId,
  executionId,
  running,
  initial = [],
  taskRun,
}: {
  tenantId: string;
  executionId: string;
  running: boolean;
  initial?: CompactLog[];
  /** Show only this task run's lines at first (a link from the overview or the Gantt). */
  taskRun?: { id: string; label: string };
}) {
  const base = `/api/v1/${encodeURIComponent(tenantId)}/logs/${encodeURIComponent(executionId)}`;
  // One store per mounted tab (the page keys this component by execution).
  const [store] = useState(() => {
    const lines = new LogStore();
    lines.appendCompact(initial);
    return lines;
  });
  // Fewer lines than a first page came with the page: there is nothing to page through.
  const [initialIsAll] = useState(() => initial.length < FIRST_LOG_PAGE);
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<Status>("loading");
  const [minLevel, setMinLevel] = useState(0);
  const [query, setQuery] = useState("");
  const [grouped, setGrouped] = useState(false);
  const [onlyRun, setOnlyRun] = useState(taskRun ?? null);
  const [follow, setFollow] = useState(running);
  const deferredQuery = useDeferredValue(query);

  useEffect(() => {
    const lines = store;
    const abort = new AbortController();
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let ended = false;
    // Stream events come in bursts: draw at most every 100 ms.
    const redraw = (now = false) => {
      if (now) {
        clearTimeout(pending);
        pending = undefined;
        setVersion((v) => v + 1);
      } else {
        pending ??= setTimeout(() => {
          pending = undefined;
          setVersion((v) => v + 1);
        }, 100);
      }
    };
    const page = (cursor: number | null, limit: number) =>
      fetch(`${base}?format=compact&limit=${limit}${cursor === null ? "" : `&afterSeq=${cursor}`}`, { signal: abort.signal, headers: { accept: "application/json" } });
    // Pages are pipelined: the next one is asked for (from the cursor in the headers) while this one is parsed.
    const catchUp = async () => {
      if (initialIsAll) return;
      let limit = lines.length > 0 ? PAGE : FIRST_LOG_PAGE;
      let next = page(lines.cursor, limit);
      for (;;) {
        const res = await next;
        if (!res.ok) throw new Error(`logs ${res.status}`);
        const cursor = res.headers.get("x-log-cursor");
        const following = cursor ? page(Number(cursor), PAGE) : null;
        following?.catch(() => undefined); // its error, if any, is seen when awaited
        const rows = (await res.json()) as CompactLog[];
        lines.appendCompact(rows);
        redraw(true);
        if (!following) return;
        if (rows.length < limit) {
          // The last page: the follow stream takes over from the cursor.
          void following.then((r) => r.body?.cancel(), () => undefined);
          return;
        }
        next = following;
        limit = PAGE;
      }
    };
    const followStream = () => {
      if (abort.signal.aborted) return;
      const cursor = lines.cursor;
      source = new EventSource(`${base}/follow${cursor === null ? "" : `?afterSeq=${cursor}`}`);
      source.addEventListener("open", () => setStatus("live"));
      source.addEventListener("log", (e) => {
        const event = e as MessageEvent<string>;
        if (lines.appendEntry(Number(event.lastEventId), JSON.parse(event.data) as LogEntryLike)) redraw();
      });
      source.addEventListener("end", () => {
        ended = true;
        source?.close();
        redraw(true);
        setStatus("ended");
      });
      source.addEventListener("error", () => {
        source?.close();
        if (!ended) reconnect();
      });
    };
    // Resumes from the last line held: pages first (cheap for a long gap), then the stream.
    const start = () =>
      catchUp().then(followStream, () => {
        if (!abort.signal.aborted) reconnect();
      });
    const reconnect = () => {
      setStatus("retrying");
      retry = setTimeout(start, 2000);
    };
    start();
    return () => {
      ended = true;
      abort.abort();
      source?.close();
      clearTimeout(retry);
      clearTimeout(pending);
    };
  }, [base, store, initialIsAll]);

  const view = useMemo(() => {
    void version;
    return filterLogs(store, { minLevel, query: deferredQuery, grouped, taskRunId: onlyRun?.id });
  }, [store, version, minLevel, deferredQuery, grouped, onlyRun]);

  // The list's width and the monospace cell width decide every row's height.
  const scroller = useRef<HTMLDivElement>(null);
  const ruler = useRef<HTMLSpanElement>(null);
  const [box, setBox] = useState({ width: 0, cell: 0 });
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const read = () => setBox({ width: el.clientWidth, cell: (ruler.current?.getBoundingClientRect().width ?? 72) / 10 });
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    void document.fonts?.ready.then(read);
    return () => observer.disconnect();
  }, []);
  const layout = useMemo(() => layoutFor(box.width, box.cell || 7.2, grouped), [box, grouped]);

  const { items, count, groups } = view;
  const lineAt = (i: number) => (items ? items[i]! : i);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only; nothing memoises its functions.
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => {
      const line = lineAt(i);
      if (line < 0) return GROUP_ROW;
      return (layout.stacked ? ROW : 0) + ROW * rowsFor(store.widths[line]!, layout.cols);
    },
    overscan: 6,
  });
  // Heights are computed, not measured: a new layout or a new list means new heights.
  useLayoutEffect(() => {
    virtual.measure();
  }, [virtual, layout, items, store]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (follow && el && count > 0) el.scrollTop = el.scrollHeight;
  }, [follow, count, layout, version]);

  // Rows are keyed by slot (index modulo a power of two above the window's size): a jump far
  // down updates the rows on screen instead of unmounting and mounting them all.
  const windowItems = virtual.getVirtualItems();
  const slots = Math.max(64, 2 ** Math.ceil(Math.log2(windowItems.length + 1)));
  const total = store.length;
  return (
    <section className="rounded-lg border border-zinc-200 bg-white shadow-xs" aria-label="Logs">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2.5">
        <div className="relative w-full sm:w-60">
          <Search size={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
          <label htmlFor="log-q" className="sr-only">
            Search logs
          </label>
          <input id="log-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search messages" className="field-input pl-8" />
        </div>
        <label htmlFor="log-level" className="sr-only">
          Minimum level
        </label>
        <select id="log-level" value={minLevel} onChange={(e) => setMinLevel(Number(e.target.value))} className="field-input w-32 pr-7">
          {LEVELS.map((l, i) => (
            <option key={l} value={i}>
              {l === "TRACE" ? "All levels" : `${l} and up`}
            </option>
          ))}
        </select>
        {onlyRun && (
          <span className="flex items-center gap-1 rounded-full border border-zinc-200 bg-zinc-50 py-0.5 pr-1 pl-2.5 text-[12px] text-zinc-700" data-testid="log-task-run-filter">
            Task run <span className="font-medium">{onlyRun.label}</span>
            <button type="button" onClick={() => setOnlyRun(null)} className="rounded-full px-1.5 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900" aria-label="Show every task run's lines">
              ×
            </button>
          </span>
        )}
        <label className="flex items-center gap-1.5 text-[12px] text-zinc-600">
          <input type="checkbox" checked={grouped} onChange={(e) => setGrouped(e.target.checked)} /> Group by task run
        </label>
        <label className="flex items-center gap-1.5 text-[12px] text-zinc-600">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <span className="ml-auto flex items-center gap-2 text-[12px] text-zinc-500">
          <span data-testid="log-status" data-status={status}>
            {status === "live" ? (
              <span className="flex items-center gap-1">
                <span className="size-1.5 animate-pulse rounded-full bg-emerald-500" /> live
              </span>
            ) : status === "retrying" ? (
              "reconnecting…"
            ) : status === "loading" ? (
              "loading…"
            ) : (
              "complete"
            )}
          </span>
          <span className="tabular-nums" data-testid="log-count">
            {view.matched === total ? `${total} ${total === 1 ? "line" : "lines"}` : `${view.matched} of ${total} lines`}
          </span>
          <a href={`${base}/download`} className={buttonClass("secondary", "sm")} download>
            Download
          </a>
        </span>
      </div>
      <div ref={scroller} tabIndex={0} aria-label="Log lines" className="relative h-[calc(100dvh-300px)] min-h-80 overflow-x-hidden overflow-y-auto font-mono text-[12px] leading-5 focus-visible:outline-2 focus-visible:outline-brand-600" data-testid="logs">
        <span ref={ruler} aria-hidden="true" className="invisible absolute top-0 left-0 whitespace-pre">
          0000000000
        </span>
        {count === 0 ? (
          <p className="px-4 py-6 font-sans text-[13px] text-zinc-500">{status === "loading" ? "Loading logs…" : total === 0 ? "No log lines yet." : "No line matches these filters."}</p>
        ) : (
          <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
            {windowItems.map((v) => {
              const line = lineAt(v.index);
              if (line < 0) {
                const group = groups[-1 - line]!;
                return (
                  <div key={`s${v.index % slots}`} className="absolute inset-x-0 h-6 border-y border-zinc-200 bg-zinc-50 px-3 font-sans text-[12px] leading-[22px] font-semibold text-zinc-700" style={{ transform: `translateY(${v.start}px)` }}>
                    {group.label} <span className="font-normal text-zinc-500">· {group.count} {group.count === 1 ? "line" : "lines"}</span>
                  </div>
                );
              }
              // A line whose width is a guess is measured: its own key, so the measuring ref sees it mount.
              const inexact = store.inexact.has(line);
              return <LogLine key={inexact ? `m${v.index}` : `s${v.index % slots}`} store={store} line={line} index={v.index} start={v.start} layout={layout} grouped={grouped} measure={inexact ? virtual.measureElement : undefined} />;
            })}
          </div>
        )}
      </div>
    </section>
  );
}

"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Search } from "@/components/ui/icons";
import type { LogEntry } from "@/engine/executor/types";
import { cn } from "@/lib/ui/cn";

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
const LEVEL_CLASS: Record<string, string> = {
  ERROR: "text-red-700 bg-red-50",
  WARN: "text-amber-800 bg-amber-50",
  INFO: "text-sky-700 bg-sky-50",
  DEBUG: "text-zinc-600 bg-zinc-100",
  TRACE: "text-zinc-500 bg-zinc-50",
};

type Item = { kind: "group"; key: string; label: string; count: number } | { kind: "line"; log: LogEntry; index: number };

/** `hh:mm:ss.mmm` in UTC. */
const time = (iso: string) => iso.slice(11, 23);

/**
 * The logs tab: the lines stream in over SSE (`/logs/{id}/follow`, events `log` and `end`)
 * into a buffer drawn a few times a second, so a chatty task cannot flood React; the list
 * is virtualised, so 100,000 lines scroll like 100.
 */
export function ExecutionLogs({ tenantId, executionId }: { tenantId: string; executionId: string }) {
  const buffer = useRef<LogEntry[]>([]);
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<"loading" | "live" | "ended" | "retrying">("loading");
  const [minLevel, setMinLevel] = useState<(typeof LEVELS)[number]>("TRACE");
  const [query, setQuery] = useState("");
  const [grouped, setGrouped] = useState(false);
  const [follow, setFollow] = useState(true);
  const base = `/api/v1/${encodeURIComponent(tenantId)}/logs/${encodeURIComponent(executionId)}`;

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let dirty = false;
    let ended = false;
    const flush = setInterval(() => {
      if (dirty) {
        dirty = false;
        setVersion((v) => v + 1);
      }
    }, 150);
    const open = () => {
      // A reconnect replays the stream from its start: begin from an empty buffer.
      buffer.current = [];
      dirty = true;
      source = new EventSource(`${base}/follow`);
      source.addEventListener("open", () => setStatus("live"));
      source.addEventListener("log", (e) => {
        buffer.current.push(JSON.parse((e as MessageEvent<string>).data) as LogEntry);
        dirty = true;
      });
      source.addEventListener("end", () => {
        ended = true;
        source?.close();
        dirty = true;
        setStatus("ended");
      });
      source.addEventListener("error", () => {
        source?.close();
        if (ended) return;
        setStatus("retrying");
        retry = setTimeout(open, 2000);
      });
    };
    open();
    return () => {
      ended = true;
      source?.close();
      clearInterval(flush);
      clearTimeout(retry);
    };
  }, [base]);

  const items = useMemo<Item[]>(() => {
    void version;
    const at = LEVELS.indexOf(minLevel);
    const needle = query.trim().toLowerCase();
    const lines = buffer.current
      .map((log, index) => ({ log, index }))
      .filter(({ log }) => LEVELS.indexOf(log.level) >= at && (!needle || log.message.toLowerCase().includes(needle) || (log.taskId ?? "").toLowerCase().includes(needle)));
    if (!grouped) return lines.map((l) => ({ kind: "line" as const, ...l }));
    const groups = new Map<string, { label: string; lines: typeof lines }>();
    for (const l of lines) {
      const key = l.log.taskRunId ?? "(execution)";
      const group = groups.get(key) ?? { label: l.log.taskId ?? "execution", lines: [] };
      group.lines.push(l);
      groups.set(key, group);
    }
    return [...groups.entries()].flatMap(([key, g]) => [{ kind: "group" as const, key, label: g.label, count: g.lines.length }, ...g.lines.map((l) => ({ kind: "line" as const, ...l }))]);
  }, [version, minLevel, query, grouped]);

  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read during render only; nothing memoises its functions.
  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => 20, overscan: 30 });

  useEffect(() => {
    if (follow && items.length > 0) virtual.scrollToIndex(items.length - 1, { align: "end" });
  }, [items.length, follow, virtual]);

  const total = buffer.current.length;
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
        <select id="log-level" value={minLevel} onChange={(e) => setMinLevel(e.target.value as (typeof LEVELS)[number])} className="field-input w-32 pr-7">
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {l === "TRACE" ? "All levels" : `${l} and up`}
            </option>
          ))}
        </select>
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
            {items.filter((i) => i.kind === "line").length === total ? `${total} ${total === 1 ? "line" : "lines"}` : `${items.filter((i) => i.kind === "line").length} of ${total} lines`}
          </span>
          <a href={`${base}/download`} className={buttonClass("secondary", "sm")} download>
            Download
          </a>
        </span>
      </div>
      <div ref={scroller} className="h-[calc(100dvh-300px)] min-h-80 overflow-auto font-mono text-[12px] leading-5" data-testid="logs">
        {items.length === 0 ? (
          <p className="px-4 py-6 font-sans text-[13px] text-zinc-500">{status === "loading" ? "Loading logs…" : total === 0 ? "No log lines yet." : "No line matches these filters."}</p>
        ) : (
          <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
            {virtual.getVirtualItems().map((v) => {
              const item = items[v.index]!;
              return (
                <div key={v.key} data-index={v.index} ref={virtual.measureElement} className="absolute inset-x-0" style={{ transform: `translateY(${v.start}px)` }}>
                  {item.kind === "group" ? (
                    <div className="border-y border-zinc-200 bg-zinc-50 px-3 py-0.5 font-sans text-[12px] font-semibold text-zinc-700">
                      {item.label} <span className="font-normal text-zinc-500">· {item.count} lines</span>
                    </div>
                  ) : (
                    <div className="flex flex-wrap gap-x-2 px-3 py-px hover:bg-zinc-50 sm:flex-nowrap" data-testid="log-line">
                      <span className="shrink-0 text-zinc-400">{time(item.log.timestamp)}</span>
                      <span className={cn("h-5 w-11 shrink-0 self-start rounded px-1 text-center text-[10.5px] font-semibold", LEVEL_CLASS[item.log.level])}>{item.log.level}</span>
                      {!grouped && <span className="w-28 shrink-0 truncate text-zinc-500" title={item.log.taskId ?? ""}>{item.log.taskId ?? "—"}</span>}
                      <span className="w-full min-w-0 break-words whitespace-pre-wrap text-zinc-900 sm:w-auto">{item.log.message}</span>
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

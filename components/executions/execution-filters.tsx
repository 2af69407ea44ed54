"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { ChevronDown, Search, X } from "@/components/ui/icons";
import { EXECUTION_STATES, listHref, type ExecutionListParams } from "./model";

const RANGE_LABELS = { all: "Any time", "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", custom: "Custom range" } as const;

/** `2025-11-28T07:04:00.000Z` → `2025-11-28T07:04` (the custom range is in UTC, like every date shown). */
const toInput = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16) : "");
const fromInput = (v: FormDataEntryValue | null) => (typeof v === "string" && v ? new Date(`${v}:00Z`).toISOString() : undefined);

/**
 * The executions list's filters. Every value lives in the URL (a filtered list is a link
 * to share); selects and state checkboxes apply at once, text fields on Enter / Filter.
 */
export function ExecutionFilters({ base, values, namespaces }: { base: string; values: ExecutionListParams; namespaces: string[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const [range, setRange] = useState(values.range ?? "all");
  const active = Boolean(values.q || values.namespace || values.flowId || values.labels || values.state.length || (values.range && values.range !== "all"));

  const apply = (event?: FormEvent, rangeNow?: string) => {
    event?.preventDefault();
    const data = new FormData(form.current!);
    const str = (k: string) => (typeof data.get(k) === "string" ? String(data.get(k)).trim() || undefined : undefined);
    // A just-changed select is not in the form data until React renders it.
    const r = (rangeNow ?? str("range")) as ExecutionListParams["range"];
    router.push(
      listHref(base, {
        q: str("q"),
        namespace: str("namespace"),
        flowId: str("flowId"),
        labels: str("labels"),
        state: data.getAll("state").map(String) as ExecutionListParams["state"],
        range: r === "all" ? undefined : r,
        from: r === "custom" ? fromInput(data.get("from")) : undefined,
        to: r === "custom" ? fromInput(data.get("to")) : undefined,
        sort: values.sort,
      }),
    );
  };

  const stateLabel = values.state.length === 0 ? "All states" : values.state.length <= 2 ? values.state.join(", ") : `${values.state.length} states`;

  return (
    <form ref={form} action={base} onSubmit={apply} role="search" aria-label="Filter executions" className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2.5">
      <div className="relative w-full sm:w-56 lg:w-auto lg:min-w-48 lg:flex-[2]">
        <Search size={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
        <label htmlFor="ex-q" className="sr-only">
          Search executions
        </label>
        <input id="ex-q" name="q" type="search" defaultValue={values.q} placeholder="Search id, flow, namespace" className="field-input pl-8" />
      </div>
      <details className="group relative w-[calc(50%-0.25rem)] sm:w-44 lg:w-auto lg:min-w-28 lg:flex-1" data-testid="state-filter">
        <summary className="field-input flex cursor-pointer list-none items-center justify-between gap-1 pr-2 [&::-webkit-details-marker]:hidden">
          <span className="truncate">{stateLabel}</span>
          <ChevronDown size={14} className="shrink-0 text-zinc-400" />
        </summary>
        <fieldset className="absolute z-20 mt-1 grid w-56 grid-cols-2 gap-x-2 gap-y-1 rounded-md border border-zinc-200 bg-white p-2 shadow-lg">
          <legend className="sr-only">States</legend>
          {EXECUTION_STATES.map((s) => (
            <label key={s} className="flex items-center gap-1.5 font-mono text-[11px]">
              <input type="checkbox" name="state" value={s} defaultChecked={values.state.includes(s)} onChange={() => apply()} />
              {s}
            </label>
          ))}
        </fieldset>
      </details>
      <label htmlFor="ex-namespace" className="sr-only">
        Namespace
      </label>
      <select id="ex-namespace" name="namespace" defaultValue={values.namespace ?? ""} onChange={() => apply()} className="field-input w-[calc(50%-0.25rem)] pr-7 sm:w-44 lg:w-auto lg:min-w-28 lg:flex-1">
        <option value="">All namespaces</option>
        {values.namespace && !namespaces.includes(values.namespace) && <option value={values.namespace}>{values.namespace}</option>}
        {namespaces.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </select>
      <label htmlFor="ex-flow" className="sr-only">
        Flow id
      </label>
      <input id="ex-flow" name="flowId" defaultValue={values.flowId} placeholder="Flow id" className="field-input w-[calc(50%-0.25rem)] sm:w-36 lg:w-auto lg:min-w-24 lg:flex-1" />
      <label htmlFor="ex-labels" className="sr-only">
        Labels (key:value, comma separated)
      </label>
      <input
        id="ex-labels"
        name="labels"
        defaultValue={values.labels}
        placeholder="Labels: env:prod"
        title="Labels as key:value, several separated by commas"
        className="field-input w-[calc(50%-0.25rem)] font-mono text-[12px] sm:w-40 lg:w-auto lg:min-w-28 lg:flex-1"
      />
      <label htmlFor="ex-range" className="sr-only">
        Time range
      </label>
      <select
        id="ex-range"
        name="range"
        value={range}
        onChange={(e) => {
          setRange(e.target.value as typeof range);
          if (e.target.value !== "custom") apply(undefined, e.target.value);
        }}
        className="field-input w-full pr-7 sm:w-40 lg:w-auto lg:min-w-28 lg:flex-1"
      >
        {Object.entries(RANGE_LABELS).map(([k, label]) => (
          <option key={k} value={k}>
            {label}
          </option>
        ))}
      </select>
      {range === "custom" && (
        <span className="flex w-full flex-wrap items-center gap-2 sm:w-auto">
          <label className="flex items-center gap-1 text-[12px] text-zinc-500">
            From
            <input type="datetime-local" name="from" defaultValue={toInput(values.from)} className="field-input w-44" />
          </label>
          <label className="flex items-center gap-1 text-[12px] text-zinc-500">
            to
            <input type="datetime-local" name="to" defaultValue={toInput(values.to)} className="field-input w-44" />
          </label>
          <span className="text-[11px] text-zinc-400">UTC</span>
        </span>
      )}
      <button type="submit" className={buttonClass("secondary", "md", "shrink-0")}>
        Filter
      </button>
      {active && (
        <Link href={listHref(base, { sort: values.sort })} className={buttonClass("ghost", "md", "shrink-0 text-zinc-500")}>
          <X size={14} /> Clear
        </Link>
      )}
    </form>
  );
}

"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, type FormEvent } from "react";
import { buttonClass } from "@/components/ui/button";
import { Search, X } from "@/components/ui/icons";
import { readableQuery } from "@/lib/ui/query";

/**
 * The flows list's filters as a GET form (works without JavaScript): search, namespace
 * and labels. With JavaScript the namespace applies on change and empty fields stay out
 * of the URL, so filtered lists are clean links to share.
 */
export function FlowFilters({
  action,
  namespaces,
  values,
  sort,
}: {
  action: string;
  namespaces: string[];
  values: { q?: string; namespace?: string; labels?: string };
  sort?: string;
}) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const active = Boolean(values.q || values.namespace || values.labels);

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    const data = new FormData(form.current!);
    const params = new URLSearchParams();
    for (const [key, value] of data) if (typeof value === "string" && value.trim()) params.set(key, value.trim());
    const query = readableQuery(params);
    router.push(query ? `${action}?${query}` : action);
  };

  return (
    <form ref={form} action={action} onSubmit={apply} role="search" aria-label="Filter flows" className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2.5">
      <div className="relative w-full sm:w-60">
        <Search size={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
        <label htmlFor="flows-q" className="sr-only">
          Search flows
        </label>
        <input id="flows-q" name="q" type="search" defaultValue={values.q} placeholder="Search flows" className="field-input pl-8" />
      </div>
      <label htmlFor="flows-namespace" className="sr-only">
        Namespace
      </label>
      <select
        id="flows-namespace"
        name="namespace"
        defaultValue={values.namespace ?? ""}
        onChange={() => apply()}
        className="field-input w-[calc(50%-0.25rem)] pr-7 sm:w-52"
      >
        <option value="">All namespaces</option>
        {values.namespace && !namespaces.includes(values.namespace) && <option value={values.namespace}>{values.namespace}</option>}
        {namespaces.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </select>
      <label htmlFor="flows-labels" className="sr-only">
        Labels (key:value, comma separated)
      </label>
      <input
        id="flows-labels"
        name="labels"
        defaultValue={values.labels}
        placeholder="Labels: env:prod"
        title="Labels as key:value, several separated by commas"
        className="field-input w-[calc(50%-0.25rem)] font-mono text-[12px] sm:w-48"
      />
      {sort && <input type="hidden" name="sort" value={sort} />}
      <button type="submit" className={buttonClass("secondary")}>
        Filter
      </button>
      {active && (
        <Link href={sort ? `${action}?sort=${sort}` : action} className={buttonClass("ghost", "md", "text-zinc-500")}>
          <X size={14} /> Clear
        </Link>
      )}
    </form>
  );
}

"use client";

import { useState } from "react";
import type { FlowProblem } from "@/lib/actions/flows";
import { AlertTriangle, Check, ChevronDown } from "@/components/ui/icons";
import { cn } from "@/lib/ui/cn";

/** The validation problems of the editor's source: path, line and message; a click jumps to the line. */
export function ProblemsPanel({ problems, onSelect }: { problems: FlowProblem[]; onSelect: (problem: FlowProblem) => void }) {
  const [open, setOpen] = useState(true);
  const count = problems.length;
  return (
    <section aria-label="Problems" className="border-t border-zinc-200 bg-zinc-50/60" data-testid="problems">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="flex w-full items-center gap-2 px-3 py-1.5 text-left text-[11px] font-medium tracking-wide text-zinc-500 uppercase hover:text-zinc-900"
      >
        <ChevronDown size={12} className={cn("transition-transform", !open && "-rotate-90")} />
        Problems
        <span className={cn("rounded px-1 font-mono text-[11px] normal-case", count ? "bg-red-100 text-red-700" : "bg-zinc-200 text-zinc-600")}>{count}</span>
      </button>
      {open &&
        (count === 0 ? (
          <p className="flex items-center gap-1.5 px-3 pb-2 text-[12px] text-zinc-500">
            <Check size={13} className="text-emerald-600" /> No problems: the flow validates as the server will check it on save.
          </p>
        ) : (
          <ul className="max-h-40 overflow-y-auto pb-1">
            {problems.map((p, i) => (
              <li key={`${p.line}:${p.column}:${p.path}:${i}`}>
                <button
                  type="button"
                  onClick={() => onSelect(p)}
                  className="flex w-full items-start gap-2 px-3 py-1 text-left text-[12px] hover:bg-red-50/70 focus-visible:bg-red-50/70"
                >
                  <AlertTriangle size={12} className="mt-[3px] shrink-0 text-red-600" />
                  <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">
                    <span className="mr-2 font-mono text-[11px] whitespace-nowrap text-zinc-500 tabular-nums">
                      Line {p.line}:{p.column}
                    </span>
                    {p.path && <code className="mr-2 text-[11px] text-zinc-700">{p.path}</code>}
                    <span className="text-zinc-900">{p.message}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

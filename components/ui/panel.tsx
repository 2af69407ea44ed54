import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

/** A bordered surface with an optional header row (title, description, actions). */
export function Panel({
  title,
  description,
  actions,
  children,
  className,
  bodyClassName,
  id,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  id?: string;
}) {
  return (
    <section id={id} className={cn("rounded-lg border border-zinc-200 bg-white shadow-xs", className)}>
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-2 border-b border-zinc-200 px-4 py-2.5">
          <div className="min-w-0">
            {title && <h2 className="text-[13px] font-semibold">{title}</h2>}
            {description && <p className="mt-0.5 text-[12px] text-zinc-500">{description}</p>}
          </div>
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}

/** A table that scrolls sideways on narrow screens instead of squeezing its columns. */
export function TableWrap({ children }: { children: ReactNode }) {
  // `relative` keeps absolutely placed children (sr-only labels) inside the scroll box,
  // else they widen the whole page on a phone.
  return <div className="relative overflow-x-auto">{children}</div>;
}

export function Badge({ children, tone = "neutral", className }: { children: ReactNode; tone?: "neutral" | "brand" | "green" | "amber" | "red"; className?: string }) {
  const tones = {
    neutral: "bg-zinc-100 text-zinc-700 ring-zinc-200",
    brand: "bg-brand-50 text-brand-700 ring-brand-100",
    green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
    amber: "bg-amber-50 text-amber-800 ring-amber-200",
    red: "bg-red-50 text-red-700 ring-red-200",
  } as const;
  return (
    <span className={cn("inline-flex items-center gap-1 rounded px-1.5 py-px text-[11px] font-medium whitespace-nowrap ring-1 ring-inset", tones[tone], className)}>
      {children}
    </span>
  );
}

/** The tenant's colour as a small square; the colour is a label, so it is hidden from screen readers. */
export function Swatch({ color, className }: { color: string; className?: string }) {
  return <span aria-hidden="true" className={cn("inline-block size-2.5 shrink-0 rounded-[3px] ring-1 ring-black/10", className)} style={{ backgroundColor: color }} />;
}

import type { ReactNode } from "react";

/** The title row of a page: the one h1, a line of context and the page's main actions. */
export function PageHeader({ title, description, actions, eyebrow }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; eyebrow?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        {eyebrow && <div className="mb-1 text-[12px] text-zinc-500">{eyebrow}</div>}
        <h1 className="text-lg leading-7">{title}</h1>
        {description && <p className="mt-0.5 max-w-3xl text-[13px] text-zinc-500">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

import type { ReactNode } from "react";

/** What an empty list says: what will appear here and how to make the first one. */
export function EmptyState({ icon, title, children, actions }: { icon?: ReactNode; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-col items-center px-6 py-12 text-center">
      {icon && <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">{icon}</div>}
      <h2 className="text-[14px] font-semibold">{title}</h2>
      {children && <div className="mt-1 max-w-xl text-[13px] text-zinc-500">{children}</div>}
      {actions && <div className="mt-4 flex flex-wrap justify-center gap-2">{actions}</div>}
    </div>
  );
}

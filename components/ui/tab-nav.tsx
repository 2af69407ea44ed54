import Link from "next/link";
import { cn } from "@/lib/ui/cn";

export type TabLink = { id: string; label: string; href: string };

/** A page's sections as links (the tab lives in the URL), underlined when current. */
export function TabNav({ label, tabs, current }: { label: string; tabs: TabLink[]; current: string }) {
  return (
    <nav aria-label={label} className="-mx-4 mb-4 overflow-x-auto border-b border-zinc-200 px-4 md:mx-0 md:px-0">
      <ul className="flex gap-1">
        {tabs.map((t) => {
          const active = t.id === current;
          return (
            <li key={t.id} className="shrink-0">
              <Link
                href={t.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px flex h-9 items-center border-b-2 px-2.5 text-[13px] whitespace-nowrap transition-colors",
                  active ? "border-zinc-900 font-medium text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-900",
                )}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

export type NavItem = { href: string; label: string; icon: ReactNode; exact?: boolean };

/**
 * The section navigation: a sidebar from the md breakpoint, a scrolling tab row below it.
 * The current section is marked with aria-current.
 */
export function SideNav({ items, label, footer }: { items: NavItem[]; label: string; footer?: ReactNode }) {
  const pathname = usePathname();
  const isActive = (item: NavItem) => (item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`));
  return (
    <nav
      aria-label={label}
      className="shrink-0 border-b border-zinc-200 bg-white md:top-0 md:w-52 md:border-r md:border-b-0 md:bg-zinc-50/60"
    >
      <ul className="relative flex gap-1 overflow-x-auto px-2 py-1.5 md:sticky md:top-[52px] md:flex-col md:gap-0.5 md:overflow-visible md:px-2 md:py-3">
        {items.map((item) => {
          const active = isActive(item);
          return (
            <li key={item.href} className="shrink-0">
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-2.5 py-1.5 text-[13px] whitespace-nowrap transition-colors",
                  active ? "bg-zinc-900 text-white md:bg-white md:text-zinc-900 md:shadow-xs md:ring-1 md:ring-zinc-200" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
                )}
              >
                <span className={cn("shrink-0", active ? "md:text-brand-600" : "text-zinc-400")}>{item.icon}</span>
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
      {footer && <div className="hidden px-4 py-3 md:block">{footer}</div>}
    </nav>
  );
}

"use client";

import Link from "next/link";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { logout } from "@/lib/actions/auth";
import { Building, ChevronDown, Key, LogOut } from "@/components/ui/icons";
import { cn } from "@/lib/ui/cn";

/**
 * The account menu (menu button pattern): the user's identity, their API tokens,
 * Administration for superadmins, and sign out. Arrow keys move between items, Escape
 * closes and returns focus to the button.
 */
export function UserMenu({ email, name, superAdmin }: { email: string; name: string; superAdmin: boolean }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const initials = (name || email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join("");

  const items = () => Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const close = useCallback((focusButton: boolean) => {
    setOpen(false);
    if (focusButton) button.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open, close]);

  const onKey = (event: KeyboardEvent) => {
    const all = items();
    const index = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    };
    if (event.key === "ArrowDown") move(index + 1);
    else if (event.key === "ArrowUp") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(all.length - 1);
    else if (event.key === "Escape") {
      event.preventDefault();
      close(true);
    } else if (event.key === "Tab") close(false);
  };

  const itemClass = "flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-[13px] text-zinc-700 outline-none hover:bg-zinc-100 focus:bg-zinc-100";
  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        aria-label={`Account menu for ${email}`}
        data-testid="user-menu"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(event) => {
          if (!open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className={cn("flex h-8 items-center gap-1.5 rounded-md px-1 hover:bg-zinc-100", open && "bg-zinc-100")}
      >
        <span className="flex size-6 items-center justify-center rounded-full bg-zinc-800 text-[11px] font-semibold text-white">{initials || "?"}</span>
        <ChevronDown size={14} className="text-zinc-500" />
      </button>
      {open && (
        <div
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-who`}
          onKeyDown={onKey}
          className="absolute top-full right-0 z-50 mt-1 w-64 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg"
        >
          <div id={`${id}-who`} role="none" className="border-b border-zinc-100 px-2 pt-1 pb-2">
            <div className="truncate text-[13px] font-medium">{name}</div>
            <div className="truncate text-[12px] text-zinc-500">{email}</div>
          </div>
          <div role="none" className="pt-1">
            <Link role="menuitem" href="/account/tokens" className={itemClass} onClick={() => close(false)}>
              <Key size={14} /> API tokens
            </Link>
            {superAdmin && (
              <Link role="menuitem" href="/admin/tenants" className={itemClass} onClick={() => close(false)}>
                <Building size={14} /> Administration
              </Link>
            )}
            <form action={logout} role="none">
              <button role="menuitem" type="submit" className={itemClass}>
                <LogOut size={14} /> Sign out
              </button>
            </form>
          </div>
        </div>
      )}
    </div>
  );
}

"use client";

import Link from "next/link";
import { useRouter, usePathname } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { switchTenantUrl } from "@/lib/ui/switch-url";
import { cn } from "@/lib/ui/cn";
import { Check, ChevronDown, Search } from "@/components/ui/icons";
import { Swatch } from "@/components/ui/panel";

export type SwitcherTenant = { id: string; name: string; color: string };

const FILTER_FROM = 7;

/**
 * The tenant dropdown: lists only the tenants the user may enter and swaps the tenant
 * segment of the URL, keeping the section (lib/ui/switch-url.ts). A listbox with
 * aria-activedescendant: focus stays on the filter box (or the list), arrows move the
 * highlight, Enter switches, Escape closes and returns focus to the button.
 */
export function TenantSwitcher({
  tenants,
  currentId,
  multiTenant,
  manageHref,
}: {
  tenants: SwitcherTenant[];
  currentId?: string;
  multiTenant: boolean;
  manageHref?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const popup = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const filterBox = useRef<HTMLInputElement>(null);
  const current = tenants.find((t) => t.id === currentId);
  const withFilter = tenants.length >= FILTER_FROM;

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return tenants;
    return tenants.filter((t) => t.id.toLowerCase().includes(q) || t.name.toLowerCase().includes(q));
  }, [tenants, query]);

  const close = useCallback((focusButton: boolean) => {
    setOpen(false);
    setQuery("");
    if (focusButton) button.current?.focus();
  }, []);

  const openList = useCallback(() => {
    const index = tenants.findIndex((t) => t.id === currentId);
    setActive(Math.max(0, index));
    setOpen(true);
  }, [tenants, currentId]);

  // Focus moves into the popup once it is on screen.
  useEffect(() => {
    if (!open) return;
    (withFilter ? filterBox.current : list.current)?.focus();
  }, [open, withFilter]);

  // A click anywhere else closes the popup.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!popup.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open, close]);

  // Keep the highlighted option in view while arrowing through a long list.
  useEffect(() => {
    if (open) document.getElementById(`${id}-opt-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [open, active, id]);

  const choose = (tenant: SwitcherTenant | undefined) => {
    if (!tenant) return;
    close(true);
    if (tenant.id === currentId) return;
    router.push(switchTenantUrl({ pathname, search: window.location.search, tenantId: tenant.id }));
  };

  const onPopupKey = (event: KeyboardEvent) => {
    const last = shown.length - 1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        setActive((i) => (i >= last ? 0 : i + 1));
        break;
      case "ArrowUp":
        event.preventDefault();
        setActive((i) => (i <= 0 ? last : i - 1));
        break;
      case "Home":
        event.preventDefault();
        setActive(0);
        break;
      case "End":
        event.preventDefault();
        setActive(last);
        break;
      case "Enter":
        event.preventDefault();
        choose(shown[active]);
        break;
      case "Escape":
        event.preventDefault();
        close(true);
        break;
      case "Tab":
        close(false);
        break;
    }
  };

  if (!multiTenant || tenants.length === 0) {
    const t = current ?? tenants[0];
    if (!t) return null;
    return (
      <span className="inline-flex min-w-0 items-center gap-2 rounded-md px-2 py-1 text-[13px] font-medium" data-testid="tenant-name">
        <Swatch color={t.color} />
        <span className="truncate">{t.name}</span>
      </span>
    );
  }

  const activeId = shown[active] ? `${id}-opt-${active}` : undefined;
  return (
    <div className="relative min-w-0">
      <button
        ref={button}
        type="button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-controls={open ? `${id}-list` : undefined}
        aria-label={current ? `Tenant: ${current.name} (${current.id}). Switch tenant` : "Choose a tenant"}
        data-testid="tenant-switcher"
        onClick={() => (open ? close(false) : openList())}
        onKeyDown={(event) => {
          if (!open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
            event.preventDefault();
            openList();
          }
        }}
        className={cn(
          "flex h-8 max-w-full min-w-0 items-center gap-2 rounded-md border border-zinc-300 bg-white px-2 text-[13px] shadow-xs hover:bg-zinc-50",
          open && "border-zinc-400 bg-zinc-50",
        )}
      >
        {current ? <Swatch color={current.color} className="size-3" /> : null}
        <span className="min-w-0 truncate font-medium">{current ? current.name : "Choose a tenant"}</span>
        {current && <span className="hidden font-mono text-[11px] text-zinc-500 sm:inline">{current.id}</span>}
        <ChevronDown size={14} className="shrink-0 text-zinc-500" />
      </button>
      {open && (
        <div
          ref={popup}
          className="absolute top-full left-0 z-50 mt-1 w-80 max-w-[calc(100vw-1rem)] overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-lg"
        >
          {withFilter && (
            <div className="flex items-center gap-2 border-b border-zinc-200 px-2.5">
              <Search size={14} className="text-zinc-400" />
              <input
                ref={filterBox}
                role="combobox"
                aria-expanded="true"
                aria-controls={`${id}-list`}
                aria-activedescendant={activeId}
                aria-autocomplete="list"
                aria-label="Filter tenants"
                placeholder="Filter tenants…"
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setActive(0);
                }}
                onKeyDown={onPopupKey}
                className="h-9 w-full bg-transparent text-[13px] outline-none placeholder:text-zinc-400"
              />
            </div>
          )}
          <ul
            ref={list}
            id={`${id}-list`}
            role="listbox"
            aria-label="Tenants"
            aria-activedescendant={withFilter ? undefined : activeId}
            tabIndex={withFilter ? -1 : 0}
            onKeyDown={withFilter ? undefined : onPopupKey}
            className="max-h-72 overflow-y-auto py-1 outline-none"
          >
            {shown.map((t, index) => (
              <li
                key={t.id}
                id={`${id}-opt-${index}`}
                role="option"
                aria-selected={t.id === currentId}
                data-tenant-id={t.id}
                onPointerMove={() => setActive(index)}
                onClick={() => choose(t)}
                className={cn(
                  "mx-1 flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5",
                  index === active ? "bg-zinc-100" : "",
                )}
              >
                <Swatch color={t.color} className="size-3" />
                <span className="min-w-0 flex-1 truncate">{t.name}</span>
                <span className="max-w-28 truncate font-mono text-[11px] text-zinc-500">{t.id}</span>
                <Check size={14} className={cn("shrink-0 text-brand-600", t.id === currentId ? "visible" : "invisible")} />
              </li>
            ))}
            {shown.length === 0 && <li className="px-3 py-2 text-zinc-500">No tenant matches “{query}”.</li>}
          </ul>
          {manageHref && (
            <div className="border-t border-zinc-200 px-3 py-1.5">
              <Link href={manageHref} onClick={() => close(false)} className="text-[12px] text-zinc-600 hover:text-zinc-900 hover:underline">
                Manage tenants
              </Link>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

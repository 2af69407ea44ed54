import { Search } from "./icons";

/** A GET search box for list pages (`?q=`), usable without JavaScript. */
export function SearchForm({ action, q, placeholder }: { action: string; q?: string; placeholder: string }) {
  return (
    <form action={action} role="search" className="relative w-full sm:w-64">
      <Search size={14} className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
      <label htmlFor="q" className="sr-only">
        {placeholder}
      </label>
      <input id="q" name="q" type="search" defaultValue={q} placeholder={placeholder} className="field-input pl-8" />
    </form>
  );
}

/** What a heavy client part (components/flows/lazy*.tsx) shows while its chunk loads. */
export function LazyPlaceholder({ label, className }: { label: string; className: string }) {
  return (
    <div aria-busy="true" className={`flex items-center justify-center rounded-lg border border-zinc-200 bg-white text-[12px] text-zinc-400 ${className}`}>
      <span className="mr-2 size-3 animate-spin rounded-full border-2 border-zinc-300 border-r-transparent" aria-hidden="true" />
      {label}
    </div>
  );
}

/**
 * Skeleton of a section's list page while its data loads; the header and navigation stay.
 * Only the list pages sit in this route group: a detail page (an execution, a flow, a
 * role) must be able to answer 404 before anything streams, and a loading boundary above
 * it would commit the response to 200 first.
 */
export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse">
      <span className="sr-only">Loading…</span>
      <div className="mb-2 h-3 w-24 rounded bg-zinc-200" />
      <div className="mb-6 h-6 w-56 rounded bg-zinc-200" />
      <div className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-20 rounded-lg border border-zinc-200 bg-white" />
        ))}
      </div>
      <div className="rounded-lg border border-zinc-200 bg-white">
        <div className="h-10 border-b border-zinc-200" />
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className="flex items-center gap-4 border-b border-zinc-100 px-4 py-3 last:border-0">
            <div className="h-3 w-1/4 rounded bg-zinc-200" />
            <div className="h-3 w-1/3 rounded bg-zinc-100" />
            <div className="ml-auto h-3 w-16 rounded bg-zinc-100" />
          </div>
        ))}
      </div>
    </div>
  );
}

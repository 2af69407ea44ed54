"use client";

import dynamic from "next/dynamic";

/**
 * The heavy client parts of the flow pages (CodeMirror, xyflow), each in its own chunk
 * loaded only by the tab that shows it: the flows list and the other tabs never pay for
 * them.
 */

function Placeholder({ label, className }: { label: string; className: string }) {
  return (
    <div aria-busy="true" className={`flex items-center justify-center rounded-lg border border-zinc-200 bg-white text-[12px] text-zinc-400 ${className}`}>
      <span className="mr-2 size-3 animate-spin rounded-full border-2 border-zinc-300 border-r-transparent" aria-hidden="true" />
      {label}
    </div>
  );
}

export const LazyFlowEditor = dynamic(() => import("./flow-editor"), {
  ssr: false,
  loading: () => <Placeholder label="Loading the editor…" className="h-[calc(100dvh-250px)] min-h-[440px]" />,
});

export const LazyTopology = dynamic(() => import("./topology"), {
  ssr: false,
  loading: () => <Placeholder label="Drawing the topology…" className="h-full min-h-40 border-0" />,
});

export const LazyRevisionDiff = dynamic(() => import("./revision-diff"), {
  ssr: false,
  loading: () => <Placeholder label="Loading the diff…" className="h-48 border-0" />,
});

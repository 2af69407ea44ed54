"use client";

import dynamic from "next/dynamic";
import { LazyPlaceholder as Placeholder } from "./lazy-placeholder";

export { LazyTopology } from "./lazy-topology";

/**
 * The heavy client parts of the flow pages (CodeMirror, xyflow), each in its own chunk
 * loaded only by the tab that shows it: the flows list and the other tabs never pay for
 * them.
 */

export const LazyFlowEditor = dynamic(() => import("./flow-editor"), {
  ssr: false,
  loading: () => <Placeholder label="Loading the editor…" className="h-[calc(100dvh-250px)] min-h-[440px]" />,
});

export const LazyRevisionDiff = dynamic(() => import("./revision-diff"), {
  ssr: false,
  loading: () => <Placeholder label="Loading the diff…" className="h-48 border-0" />,
});

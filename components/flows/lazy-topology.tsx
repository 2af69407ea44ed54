"use client";

import dynamic from "next/dynamic";
import { LazyPlaceholder } from "./lazy-placeholder";

/**
 * The topology (xyflow) in its own chunk. Its own module, apart from lazy.tsx: the
 * editor's side pane shows it, and lazy.tsx loads the editor (no import cycle).
 */
export const LazyTopology = dynamic(() => import("./topology"), {
  ssr: false,
  loading: () => <LazyPlaceholder label="Drawing the topology…" className="h-full min-h-40 border-0" />,
});

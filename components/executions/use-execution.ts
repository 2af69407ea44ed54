"use client";

import { useQuery } from "@tanstack/react-query";
import type { Execution } from "@/engine/executor/types";
import { tenantKey } from "@/lib/ui/query-keys";
import { isTerminal } from "./model";

/** The React Query key of one execution document. */
export const executionKey = (tenantId: string, id: string) => tenantKey(tenantId, "execution", id);

/**
 * The live execution document: server-rendered first, then polled from the REST API
 * while it runs, quickly at first and backing off to every 4 s; polling stops once the
 * execution has ended. A 404 (deleted meanwhile) keeps the last document.
 */
export function useExecution(tenantId: string, initial: Execution) {
  return useQuery({
    queryKey: executionKey(tenantId, initial.id),
    queryFn: async ({ signal }) => {
      const res = await fetch(`/api/v1/${encodeURIComponent(tenantId)}/executions/${encodeURIComponent(initial.id)}`, { signal, headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`execution ${res.status}`);
      return (await res.json()) as Execution;
    },
    initialData: initial,
    staleTime: 500,
    retry: 2,
    refetchInterval: (q) => (q.state.data && isTerminal(q.state.data.state.current) ? false : Math.min(500 + q.state.dataUpdateCount * 250, 4000)),
  }).data;
}

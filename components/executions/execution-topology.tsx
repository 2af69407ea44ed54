"use client";

import { useMemo } from "react";
import { LazyTopology } from "@/components/flows/lazy";
import { Panel } from "@/components/ui/panel";
import type { Execution } from "@/engine/executor/types";
import type { FlowGraph } from "@/lib/ui/flow-graph";
import { useExecution } from "./use-execution";

/** The flow's graph with each task coloured by the state of its latest task run, live. */
export function ExecutionTopology({ tenantId, initial, graph }: { tenantId: string; initial: Execution; graph: FlowGraph | null }) {
  const execution = useExecution(tenantId, initial);
  const states = useMemo(() => Object.fromEntries(execution.taskRunList.map((r) => [r.taskId, r.state.current])), [execution.taskRunList]);
  return (
    <Panel title="Topology" description="Tasks coloured by the state of their latest task run.">
      {graph ? (
        <div className="h-[calc(100dvh-305px)] min-h-[440px]">
          <LazyTopology graph={graph} states={states} />
        </div>
      ) : (
        <p className="px-4 py-6 text-[13px] text-zinc-500">The revision of the flow this execution ran is no longer available.</p>
      )}
    </Panel>
  );
}

"use client";

import "@xyflow/react/dist/style.css";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import { useMemo } from "react";
import type { FlowGraph, GraphClusterKind, GraphEdgeKind, GraphNode } from "@/lib/ui/flow-graph";
import { layoutFlowGraph, NODE_SIZE } from "@/lib/ui/flow-layout";
import { cn } from "@/lib/ui/cn";

type TaskData = { node: GraphNode; state?: string };
type ClusterData = { kind: GraphClusterKind; label: string };

const hidden = "!size-1 !min-h-0 !min-w-0 !border-0 !bg-transparent";

function Handles() {
  return (
    <>
      <Handle type="target" position={Position.Top} className={hidden} isConnectable={false} />
      <Handle type="source" position={Position.Bottom} className={hidden} isConnectable={false} />
    </>
  );
}

function TaskNode({ data }: NodeProps<Node<TaskData>>) {
  const { node, state } = data;
  const flowable = node.kind === "flowable";
  return (
    <div
      title={`${node.label}\n${node.type}${node.disabled ? "\n(disabled)" : ""}${state ? `\n${state}` : ""}`}
      data-testid="topology-task"
      data-state={state}
      className={cn(
        "flex h-full w-full flex-col justify-center rounded-md border px-2.5 shadow-xs",
        flowable ? "border-brand-100 bg-brand-50" : "border-zinc-300 bg-white",
        node.disabled && "border-dashed opacity-55",
      )}
      style={state ? { borderColor: stateColor(state), boxShadow: `inset 3px 0 0 ${stateColor(state)}` } : undefined}
    >
      <Handles />
      <div className="truncate text-[12px] leading-4 font-medium text-zinc-900">{node.label}</div>
      <div className={cn("truncate font-mono text-[10.5px] leading-4", flowable ? "text-brand-700" : "text-zinc-500")}>{node.shortType}</div>
    </div>
  );
}

function TerminalNode({ data }: NodeProps<Node<TaskData>>) {
  return (
    <div className="flex h-full w-full items-center justify-center rounded-full bg-zinc-800 text-[11px] font-medium text-white">
      <Handles />
      {data.node.label}
    </div>
  );
}

function JunctionNode() {
  return (
    <div className="h-full w-full rounded-full border-2 border-zinc-300 bg-white">
      <Handles />
    </div>
  );
}

const CLUSTER_STYLE: Record<GraphClusterKind, { box: string; label: string }> = {
  flowable: { box: "border-zinc-300 bg-zinc-100/40", label: "" },
  errors: { box: "border-red-300 bg-red-50/50", label: "text-red-700" },
  finally: { box: "border-amber-300 bg-amber-50/50", label: "text-amber-800" },
  afterExecution: { box: "border-sky-300 bg-sky-50/50", label: "text-sky-800" },
};

function ClusterNode({ data }: NodeProps<Node<ClusterData>>) {
  const style = CLUSTER_STYLE[data.kind];
  return (
    <div className={cn("relative h-full w-full rounded-lg border border-dashed", style.box)} data-testid={`topology-${data.kind}`}>
      {data.kind !== "flowable" && (
        <span className={cn("absolute -top-2 left-2 rounded bg-white px-1 text-[10px] leading-4 font-semibold tracking-wide uppercase", style.label)}>{data.label}</span>
      )}
    </div>
  );
}

/** Task-run states on an execution's topology (the same colours as the Gantt bars). */
const STATE_COLOR: Record<string, string> = { SUCCESS: "#10b981", WARNING: "#f59e0b", FAILED: "#dc2626", KILLED: "#b91c1c", KILLING: "#f87171", RUNNING: "#6366f1", PAUSED: "#f59e0b", RETRYING: "#818cf8" };
const stateColor = (state: string) => STATE_COLOR[state] ?? "#a1a1aa";

const nodeTypes = { task: TaskNode, terminal: TerminalNode, junction: JunctionNode, cluster: ClusterNode };

const EDGE_COLOR: Record<GraphEdgeKind, string> = {
  sequence: "#a1a1aa",
  branch: "#6366f1",
  error: "#dc2626",
  finally: "#d97706",
  after: "#0284c7",
};

/** xyflow nodes (groups before their children, positions relative to the parent) and edges. */
function toReactFlow(graph: FlowGraph, states?: Record<string, string>): { nodes: Node[]; edges: Edge[]; height: number } {
  const layout = layoutFlowGraph(graph);
  const clusterOf = new Map(graph.clusters.map((c) => [c.id, c]));
  const depth = (id?: string): number => (id ? 1 + depth(clusterOf.get(id)?.parent) : 0);
  const relative = (box: { x: number; y: number }, parent?: string) => {
    const p = parent ? layout.clusters.get(parent)! : { x: 0, y: 0 };
    return { x: box.x - p.x, y: box.y - p.y };
  };
  const clusters: Node[] = [...graph.clusters]
    .sort((a, b) => depth(a.parent) - depth(b.parent))
    .map((c) => {
      const box = layout.clusters.get(c.id)!;
      return {
        id: c.id,
        type: "cluster",
        data: { kind: c.kind, label: c.label },
        position: relative(box, c.parent),
        ...(c.parent ? { parentId: c.parent } : {}),
        style: { width: box.width, height: box.height },
        selectable: false,
      };
    });
  const nodes: Node[] = graph.nodes.map((n) => {
    const box = layout.nodes.get(n.id)!;
    const type = n.kind === "task" || n.kind === "flowable" ? "task" : n.kind === "junction" ? "junction" : "terminal";
    return {
      id: n.id,
      type,
      data: { node: n, state: states?.[n.label] },
      position: relative(box, n.parent),
      ...(n.parent ? { parentId: n.parent } : {}),
      style: { width: NODE_SIZE[n.kind].width, height: NODE_SIZE[n.kind].height },
    };
  });
  const edges: Edge[] = graph.edges.map((e) => {
    const color = EDGE_COLOR[e.kind];
    const dashed = e.kind === "error" || e.kind === "finally" || e.kind === "after";
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      type: "smoothstep",
      label: e.label,
      labelStyle: { fontSize: 10, fill: color, fontWeight: 600 },
      labelBgStyle: { fill: "#ffffff" },
      labelBgPadding: [3, 1] as [number, number],
      style: { stroke: color, strokeWidth: 1.5, ...(dashed ? { strokeDasharray: "5 4" } : {}) },
      markerEnd: { type: MarkerType.ArrowClosed, color, width: 14, height: 14 },
      data: { kind: e.kind },
    };
  });
  return { nodes: [...clusters, ...nodes], edges, height: layout.height };
}

/**
 * The flow's tasks as a graph, laid out top to bottom. `compact` (the overview) drops the
 * controls and takes the graph's own height, up to a limit, so small flows stay readable.
 */
export default function FlowTopology({ graph, compact = false, states }: { graph: FlowGraph; compact?: boolean; states?: Record<string, string> }) {
  const { nodes, edges, height } = useMemo(() => toReactFlow(graph, states), [graph, states]);
  return (
    <div className="h-full w-full" style={compact ? { height: Math.min(Math.max(height, 140), 520) } : undefined} data-testid="topology">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.08, maxZoom: 1.1 }}
        minZoom={0.2}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        zoomOnScroll={!compact}
        preventScrolling={!compact}
        panOnScroll={false}
        proOptions={{ hideAttribution: false }}
      >
        <Background gap={16} size={1} color="#e4e4e7" />
        {!compact && <Controls showInteractive={false} position="bottom-right" />}
      </ReactFlow>
    </div>
  );
}

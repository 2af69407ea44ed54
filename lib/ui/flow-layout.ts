import dagre from "@dagrejs/dagre";
import type { FlowGraph, GraphNodeKind } from "./flow-graph";

/** Node sizes in pixels; the topology component draws nodes at exactly these sizes. */
export const NODE_SIZE: Record<GraphNodeKind, { width: number; height: number }> = {
  task: { width: 176, height: 44 },
  flowable: { width: 176, height: 44 },
  start: { width: 64, height: 24 },
  end: { width: 64, height: 24 },
  junction: { width: 10, height: 10 },
};

export type Box = { x: number; y: number; width: number; height: number };
export type FlowLayout = { nodes: Map<string, Box>; clusters: Map<string, Box>; width: number; height: number };

/**
 * Top-to-bottom positions (top-left corners, absolute) of a flow graph, by dagre with
 * clusters as compound nodes so a flowable's children stay inside its box.
 */
export function layoutFlowGraph(graph: FlowGraph): FlowLayout {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 28, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const c of graph.clusters) g.setNode(c.id, {});
  for (const c of graph.clusters) if (c.parent) g.setParent(c.id, c.parent);
  for (const n of graph.nodes) {
    g.setNode(n.id, { ...NODE_SIZE[n.kind] });
    if (n.parent) g.setParent(n.id, n.parent);
  }
  // dagre's ordering lays sibling branches out right to left of their insertion order;
  // edges go in reversed so branches read left to right as written (then before else).
  for (const e of [...graph.edges].reverse()) {
    // Room for the label between ranks; the label itself is drawn by the edge.
    g.setEdge(e.source, e.target, e.label ? { width: Math.min(140, 12 + e.label.length * 6), height: 16, labelpos: "c" } : {});
  }
  dagre.layout(g);

  const box = (id: string): Box => {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    return { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height };
  };
  const nodes = new Map(graph.nodes.map((n) => [n.id, box(n.id)]));
  const clusters = new Map(graph.clusters.map((c) => [c.id, box(c.id)]));
  const { width = 0, height = 0 } = g.graph() as { width?: number; height?: number };
  return { nodes, clusters, width, height };
}

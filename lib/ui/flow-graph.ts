/**
 * The topology of a flow as a graph, for the flow page: a pure function of the flow's
 * definition, with no engine import, so it runs anywhere (server page, browser, tests).
 *
 * - Tasks of a list follow each other (`sequence` edges), from a Start node to an End node.
 * - A flowable task (Sequential, Parallel, If, Switch, ForEach, Dag, ...) is a cluster: its
 *   own node on top, its branches below (`branch` edges, labelled then/else/case), and a
 *   junction where the branches meet.
 * - `errors`, `finally` and `afterExecution` lists (of the flow or of a flowable) are
 *   clusters of their own, reached by `error`, `finally` and `after` edges.
 */

export type GraphNodeKind = "task" | "flowable" | "start" | "end" | "junction";
export type GraphNode = {
  /** Unique in the graph, derived from the task's path (`tasks.1.then.0`). */
  id: string;
  kind: GraphNodeKind;
  /** The task id (or Start / End). */
  label: string;
  type?: string;
  shortType?: string;
  /** The cluster the node sits in. */
  parent?: string;
  disabled?: boolean;
};

export type GraphClusterKind = "flowable" | "errors" | "finally" | "afterExecution";
export type GraphCluster = { id: string; kind: GraphClusterKind; label: string; parent?: string };

export type GraphEdgeKind = "sequence" | "branch" | "error" | "finally" | "after";
export type GraphEdge = { id: string; source: string; target: string; kind: GraphEdgeKind; label?: string };

export type FlowGraph = { nodes: GraphNode[]; clusters: GraphCluster[]; edges: GraphEdge[] };

type TaskLike = { id: string; type: string; disabled?: unknown; [key: string]: unknown };
type Segment = { entry: string; exits: string[] };
type Branch = { key: string; label?: string; tasks: TaskLike[] };

const isTask = (value: unknown): value is TaskLike =>
  typeof value === "object" && value !== null && typeof (value as TaskLike).id === "string" && typeof (value as TaskLike).type === "string";

const taskList = (value: unknown): TaskLike[] => (Array.isArray(value) ? value.filter(isTask) : []);

/** `io.kestra.plugin.core.log.Log` → `Log`. */
export function shortType(type: string): string {
  return type.slice(type.lastIndexOf(".") + 1) || type;
}

/** The name of a core flowable (`Parallel`), whatever the package (`io.kestra.core.tasks.flows.Parallel`). */
function coreFlowable(type: string): string | undefined {
  const parts = type.split(".");
  if (parts[0] !== "io" || parts[1] !== "kestra") return undefined;
  const pkg = parts.at(-2);
  return pkg === "flow" || pkg === "flows" ? parts.at(-1) : undefined;
}

const HANDLER_KEYS = new Set(["errors", "finally"]);

/**
 * The branches of a flowable task, or null for a plain task. Core flowables are known by
 * name; any other task holding lists of tasks is drawn with one branch per list.
 */
function branchesOf(task: TaskLike): { mode: "sequence" | "parallel" | "dag"; branches: Branch[] } | null {
  const name = coreFlowable(task.type);
  const tasks = taskList(task.tasks);
  switch (name) {
    case "Sequential":
    case "AllowFailure":
    case "WorkingDirectory":
    case "LoopUntil":
      return { mode: "sequence", branches: [{ key: "tasks", tasks }] };
    case "ForEach":
    case "EachSequential":
      return { mode: "sequence", branches: [{ key: "tasks", label: "each value", tasks }] };
    case "Pause":
      return tasks.length ? { mode: "sequence", branches: [{ key: "tasks", label: "on resume", tasks }] } : null;
    case "Parallel":
    case "EachParallel":
      return { mode: "parallel", branches: tasks.map((t, i) => ({ key: `tasks.${i}`, tasks: [t] })) };
    case "If": {
      const branches: Branch[] = [{ key: "then", label: "then", tasks: taskList(task.then) }];
      branches.push({ key: "else", label: "else", tasks: taskList(task.else) });
      return { mode: "parallel", branches };
    }
    case "Switch": {
      const cases = task.cases && typeof task.cases === "object" ? Object.entries(task.cases as Record<string, unknown>) : [];
      const branches: Branch[] = cases.map(([value, list]) => ({ key: `cases.${value}`, label: value, tasks: taskList(list) }));
      if (task.defaults !== undefined) branches.push({ key: "defaults", label: "defaults", tasks: taskList(task.defaults) });
      return { mode: "parallel", branches };
    }
    case "Dag":
      return { mode: "dag", branches: [] };
  }
  // Plugins outside the core: every list of tasks is a branch, in document order.
  const lists = Object.entries(task)
    .filter(([key, value]) => !HANDLER_KEYS.has(key) && Array.isArray(value) && value.length > 0 && value.every(isTask))
    .map(([key, value]) => ({ key, label: key === "tasks" ? undefined : key, tasks: value as TaskLike[] }));
  return lists.length ? { mode: lists.length > 1 ? "parallel" : "sequence", branches: lists } : null;
}

/** Builds the graph of a flow definition (the validated model or the raw YAML object). */
export function buildFlowGraph(flow: { tasks?: unknown; errors?: unknown; finally?: unknown; afterExecution?: unknown }): FlowGraph {
  const nodes: GraphNode[] = [];
  const clusters: GraphCluster[] = [];
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();

  const connect = (sources: string[], target: string, kind: GraphEdgeKind, label?: string) => {
    for (const source of sources) {
      const id = `${source}->${target}`;
      if (edgeIds.has(id)) continue;
      edgeIds.add(id);
      edges.push({ id, source, target, kind, ...(label ? { label } : {}) });
    }
  };

  const addTask = (task: TaskLike, id: string, kind: "task" | "flowable", parent?: string) =>
    nodes.push({
      id,
      kind,
      label: task.id,
      type: task.type,
      shortType: shortType(task.type),
      ...(parent ? { parent } : {}),
      ...(task.disabled === true ? { disabled: true } : {}),
    });

  /** A list of tasks one after the other; null when the list is empty. */
  const chain = (list: TaskLike[], parent: string | undefined, path: string): Segment | null => {
    let segment: Segment | null = null;
    list.forEach((task, i) => {
      const next = visit(task, parent, `${path}.${i}`);
      if (segment) connect(segment.exits, next.entry, "sequence");
      segment = { entry: segment?.entry ?? next.entry, exits: next.exits };
    });
    return segment;
  };

  /** `errors` after a failure of the body, then `finally` after either. */
  const handlers = (owner: { errors?: unknown; finally?: unknown }, bodyExits: string[], parent: string | undefined, path: string): string[] => {
    let exits = bodyExits;
    const errors = taskList(owner.errors);
    if (errors.length) {
      const cluster = `${path}errors`;
      clusters.push({ id: cluster, kind: "errors", label: "errors", ...(parent ? { parent } : {}) });
      const segment = chain(errors, cluster, cluster)!;
      connect(bodyExits, segment.entry, "error", "on failure");
      exits = [...bodyExits, ...segment.exits];
    }
    const final = taskList(owner.finally);
    if (final.length) {
      const cluster = `${path}finally`;
      clusters.push({ id: cluster, kind: "finally", label: "finally", ...(parent ? { parent } : {}) });
      const segment = chain(final, cluster, cluster)!;
      connect(exits, segment.entry, "finally");
      exits = segment.exits;
    }
    return exits;
  };

  const visit = (task: TaskLike, parent: string | undefined, path: string): Segment => {
    const shape = branchesOf(task);
    if (!shape) {
      addTask(task, path, "task", parent);
      return { entry: path, exits: [path] };
    }
    const cluster = `${path}:group`;
    clusters.push({ id: cluster, kind: "flowable", label: task.id, ...(parent ? { parent } : {}) });
    addTask(task, path, "flowable", cluster);
    const join = `${path}:end`;
    nodes.push({ id: join, kind: "junction", label: "", parent: cluster });

    if (shape.mode === "dag") {
      const items = (Array.isArray(task.tasks) ? task.tasks : []).filter((n): n is { task: TaskLike; dependsOn?: unknown } => isTask((n as { task?: unknown })?.task));
      const byId = new Map<string, Segment>();
      items.forEach((item, i) => byId.set(item.task.id, visit(item.task, cluster, `${path}.tasks.${i}.task`)));
      const needed = new Set<string>();
      for (const item of items) {
        const own = byId.get(item.task.id)!;
        const deps = (Array.isArray(item.dependsOn) ? item.dependsOn : []).filter((d): d is string => typeof d === "string" && byId.has(d));
        if (deps.length === 0) connect([path], own.entry, "branch");
        for (const dep of deps) {
          needed.add(dep);
          connect(byId.get(dep)!.exits, own.entry, "sequence");
        }
      }
      for (const item of items) if (!needed.has(item.task.id)) connect(byId.get(item.task.id)!.exits, join, "sequence");
      if (items.length === 0) connect([path], join, "branch");
    } else {
      for (const branch of shape.branches) {
        const segment = chain(branch.tasks, cluster, `${path}.${branch.key}`);
        if (segment) {
          connect([path], segment.entry, "branch", branch.label);
          connect(segment.exits, join, "sequence");
        } else {
          connect([path], join, "branch", branch.label);
        }
      }
      if (shape.branches.length === 0) connect([path], join, "branch");
    }
    return { entry: path, exits: handlers({ errors: task.errors, finally: task.finally }, [join], cluster, `${path}.`) };
  };

  nodes.push({ id: "start", kind: "start", label: "Start" });
  const main = chain(taskList(flow.tasks), undefined, "tasks");
  let exits = ["start"];
  if (main) {
    connect(["start"], main.entry, "sequence");
    exits = main.exits;
  }
  exits = handlers(flow, exits, undefined, "");
  const after = taskList(flow.afterExecution);
  if (after.length) {
    clusters.push({ id: "afterExecution", kind: "afterExecution", label: "after execution" });
    const segment = chain(after, "afterExecution", "afterExecution")!;
    connect(exits, segment.entry, "after");
    exits = segment.exits;
  }
  nodes.push({ id: "end", kind: "end", label: "End" });
  connect(exits, "end", "sequence");
  return { nodes, clusters, edges };
}

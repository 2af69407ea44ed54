import type { DagNode } from "@/engine/tasks/flow/dag";
import { canonicalType } from "@/engine/tasks/registry";
import { formatPath, type PathSegment } from "./locate";
import type { Flow } from "./schema";
import { allTasks } from "./walk";
import { scheduleIssues, SCHEDULE_ON_DATES } from "@/engine/scheduler/cron";

/** A rule broken by a schema-valid flow, at the path that breaks it. */
export type FlowIssue = { path: PathSegment[]; message: string };

const DAG = "io.kestra.plugin.core.flow.Dag";
const SUBFLOW = "io.kestra.plugin.core.flow.Subflow";
const FOR_EACH_ITEM = "io.kestra.plugin.core.flow.ForEachItem";
const SCHEDULE = "io.kestra.plugin.core.trigger.Schedule";

/** Reports every id after the first that repeats one, naming where the first is. */
function duplicates(
  items: { id: string; path: PathSegment[] }[],
  what: string,
): FlowIssue[] {
  const seen = new Map<string, PathSegment[]>();
  const issues: FlowIssue[] = [];
  for (const { id, path } of items) {
    const first = seen.get(id);
    if (first) {
      issues.push({
        path: [...path, "id"],
        message: `duplicate ${what} id "${id}", already used at ${formatPath(first)}`,
      });
    } else seen.set(id, path);
  }
  return issues;
}

/** The first cycle reachable from `start` in a dependency graph, as a list of ids. */
function findCycle(start: string, graph: Map<string, string[]>): string[] | undefined {
  const path: string[] = [];
  const done = new Set<string>();
  const visit = (id: string): string[] | undefined => {
    const at = path.indexOf(id);
    if (at !== -1) return [...path.slice(at), id];
    if (done.has(id)) return undefined;
    path.push(id);
    for (const dep of graph.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(id);
    return undefined;
  };
  return visit(start);
}

type DependencyNode = { id: string; dependsOn: string[]; path: PathSegment[] };

/** `depsAt`: where the dependency list sits under a node's path. */
function dependencyIssues(nodes: DependencyNode[], what: string, depsAt: PathSegment[]): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const graph = new Map(nodes.map((n) => [n.id, n.dependsOn]));
  for (const node of nodes) {
    node.dependsOn.forEach((dep, i) => {
      if (!graph.has(dep)) {
        issues.push({ path: [...node.path, ...depsAt, i], message: `${what} "${node.id}" depends on unknown ${what} "${dep}"` });
      }
    });
  }
  for (const node of nodes) {
    const cycle = findCycle(node.id, graph);
    if (cycle && cycle[0] === node.id) {
      issues.push({ path: [...node.path, ...depsAt], message: `dependency cycle: ${cycle.join(" -> ")}` });
      break;
    }
  }
  return issues;
}

/**
 * Rules that span several parts of a flow (Kestra's FlowValidation): unique
 * task, trigger, input and output ids; input and Dag dependencies that exist
 * and do not loop; a Subflow that does not call its own flow.
 */
export function checkFlow(flow: Flow): FlowIssue[] {
  const tasks = allTasks(flow);
  const issues: FlowIssue[] = [
    ...duplicates(tasks.map((t) => ({ id: t.task.id, path: t.path })), "task"),
    ...duplicates((flow.triggers ?? []).map((t, i) => ({ id: t.id, path: ["triggers", i] })), "trigger"),
    ...duplicates((flow.inputs ?? []).map((input, i) => ({ id: input.id, path: ["inputs", i] })), "input"),
    ...duplicates((flow.outputs ?? []).map((o, i) => ({ id: o.id, path: ["outputs", i] })), "output"),
  ];

  if (flow.inputs) {
    const nodes = flow.inputs.map((input, i) => ({
      id: input.id,
      dependsOn: input.dependsOn?.inputs ?? [],
      path: ["inputs", i] as PathSegment[],
    }));
    issues.push(...dependencyIssues(nodes, "input", ["dependsOn", "inputs"]));
  }

  (flow.triggers ?? []).forEach((trigger, i) => {
    const type = canonicalType(trigger.type);
    if (type === SCHEDULE_ON_DATES) {
      const t = trigger as { dates?: unknown; timezone?: string };
      if (!Array.isArray(t.dates)) return;
      for (const issue of scheduleIssues({ cron: "", dates: t.dates.map(String), timezone: t.timezone })) {
        issues.push({ path: ["triggers", i, issue.field], message: issue.message });
      }
      return;
    }
    if (type !== SCHEDULE) return;
    const t = trigger as { cron?: unknown; withSeconds?: boolean; timezone?: string };
    if (typeof t.cron !== "string") return;
    // A cron or zone that cannot be scheduled is refused at save, not found later by the scheduler.
    for (const issue of scheduleIssues({ cron: t.cron, withSeconds: t.withSeconds, timezone: t.timezone })) {
      issues.push({ path: ["triggers", i, issue.field], message: issue.message });
    }
  });

  for (const { task, path } of tasks) {
    const type = canonicalType(task.type);
    if ((type === SUBFLOW || type === FOR_EACH_ITEM) && task.namespace === flow.namespace && task.flowId === flow.id) {
      issues.push({ path: [...path, "flowId"], message: `recursive call to flow ${flow.namespace}.${flow.id}` });
    }
    if (type === DAG) {
      const nodes = (task.tasks as DagNode[]).map((node, i) => ({
        id: node.task.id,
        dependsOn: node.dependsOn ?? [],
        path: [...path, "tasks", i] as PathSegment[],
      }));
      issues.push(...dependencyIssues(nodes, "task", ["dependsOn"]));
    }
  }
  return issues;
}

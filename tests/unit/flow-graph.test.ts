import { describe, expect, test } from "vitest";
import { buildFlowGraph, shortType, type FlowGraph } from "@/lib/ui/flow-graph";
import { layoutFlowGraph } from "@/lib/ui/flow-layout";

const T = "io.kestra.plugin.core";
const log = (id: string) => ({ id, type: `${T}.log.Log`, message: id });

/** Edges as `source>target` between task labels (Start, End, task ids, `*` for junctions). */
function edgesOf(graph: FlowGraph, kind?: string): string[] {
  const name = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id)!;
    return node.kind === "junction" ? `${graph.nodes.find((n) => `${n.id}:end` === id)!.label}*` : node.label;
  };
  return graph.edges.filter((e) => !kind || e.kind === kind).map((e) => `${name(e.source)}>${name(e.target)}${e.label ? `[${e.label}]` : ""}`);
}

const node = (graph: FlowGraph, label: string) => graph.nodes.find((n) => n.label === label)!;

describe("buildFlowGraph", () => {
  test("a list of tasks runs from Start to End in order", () => {
    const graph = buildFlowGraph({ tasks: [log("a"), log("b"), log("c")] });
    expect(edgesOf(graph)).toEqual(["a>b", "b>c", "Start>a", "c>End"]);
    expect(node(graph, "b")).toMatchObject({ kind: "task", type: `${T}.log.Log`, shortType: "Log" });
    expect(graph.clusters).toEqual([]);
  });

  test("Parallel: one branch per child, meeting at a junction inside the group", () => {
    const graph = buildFlowGraph({
      tasks: [{ id: "fan", type: `${T}.flow.Parallel`, tasks: [log("p1"), log("p2")] }, log("after")],
    });
    expect(edgesOf(graph)).toEqual(["fan>p1", "p1>fan*", "fan>p2", "p2>fan*", "fan*>after", "Start>fan", "after>End"]);
    const group = graph.clusters.find((c) => c.label === "fan")!;
    expect(group.kind).toBe("flowable");
    expect(node(graph, "p1").parent).toBe(group.id);
    expect(node(graph, "fan")).toMatchObject({ kind: "flowable", parent: group.id });
  });

  test("legacy package names are recognised as the same flowables", () => {
    const graph = buildFlowGraph({ tasks: [{ id: "seq", type: "io.kestra.core.tasks.flows.Sequential", tasks: [log("x"), log("y")] }] });
    expect(edgesOf(graph)).toEqual(["x>y", "seq>x", "y>seq*", "Start>seq", "seq*>End"]);
  });

  test("If: labelled then and else branches; a missing else goes straight to the junction", () => {
    const both = buildFlowGraph({ tasks: [{ id: "check", type: `${T}.flow.If`, condition: "{{ true }}", then: [log("yes")], else: [log("no")] }] });
    expect(edgesOf(both, "branch")).toEqual(["check>yes[then]", "check>no[else]"]);
    const onlyThen = buildFlowGraph({ tasks: [{ id: "check", type: `${T}.flow.If`, condition: "x", then: [log("yes")] }] });
    expect(edgesOf(onlyThen, "branch")).toEqual(["check>yes[then]", "check>check*[else]"]);
  });

  test("Switch: one branch per case plus defaults", () => {
    const graph = buildFlowGraph({
      tasks: [{ id: "route", type: `${T}.flow.Switch`, value: "{{ inputs.x }}", cases: { A: [log("a1"), log("a2")], B: [log("b1")] }, defaults: [log("d")] }],
    });
    expect(edgesOf(graph, "branch")).toEqual(["route>a1[A]", "route>b1[B]", "route>d[defaults]"]);
    expect(edgesOf(graph)).toContain("a1>a2");
    expect(edgesOf(graph)).toContain("a2>route*");
  });

  test("Dag: edges follow dependsOn; roots hang from the Dag node, leaves meet at its junction", () => {
    const graph = buildFlowGraph({
      tasks: [
        {
          id: "dag",
          type: `${T}.flow.Dag`,
          tasks: [
            { task: log("extract") },
            { task: log("clean"), dependsOn: ["extract"] },
            { task: log("enrich"), dependsOn: ["extract"] },
            { task: log("load"), dependsOn: ["clean", "enrich"] },
          ],
        },
      ],
    });
    expect(edgesOf(graph).filter((e) => !e.startsWith("Start") && !e.endsWith(">End")).sort()).toEqual(
      ["dag>extract", "extract>clean", "extract>enrich", "clean>load", "enrich>load", "load>dag*"].sort(),
    );
  });

  test("ForEach, EachSequential, EachParallel and AllowFailure are groups around their tasks", () => {
    const graph = buildFlowGraph({
      tasks: [
        { id: "loop", type: `${T}.flow.ForEach`, values: ["a", "b"], tasks: [log("l1"), log("l2")] },
        { id: "eachSeq", type: `${T}.flow.EachSequential`, value: ["a"], tasks: [log("s1")] },
        { id: "eachPar", type: `${T}.flow.EachParallel`, value: ["a"], tasks: [log("e1"), log("e2")] },
        { id: "tolerant", type: `${T}.flow.AllowFailure`, tasks: [log("risky")] },
      ],
    });
    expect(graph.clusters.map((c) => c.label)).toEqual(["loop", "eachSeq", "eachPar", "tolerant"]);
    expect(edgesOf(graph)).toEqual(
      expect.arrayContaining(["loop>l1[each value]", "l1>l2", "eachPar>e1", "eachPar>e2", "tolerant>risky", "loop*>eachSeq", "eachSeq*>eachPar", "eachPar*>tolerant"]),
    );
  });

  test("nested flowables nest their groups", () => {
    const graph = buildFlowGraph({
      tasks: [{ id: "outer", type: `${T}.flow.Sequential`, tasks: [{ id: "inner", type: `${T}.flow.Parallel`, tasks: [log("x")] }] }],
    });
    const outer = graph.clusters.find((c) => c.label === "outer")!;
    const inner = graph.clusters.find((c) => c.label === "inner")!;
    expect(inner.parent).toBe(outer.id);
    expect(node(graph, "x").parent).toBe(inner.id);
  });

  test("the flow's errors and finally are distinct clusters reached by distinct edges", () => {
    const graph = buildFlowGraph({ tasks: [log("work")], errors: [log("alert")], finally: [log("cleanup")] });
    expect(graph.clusters.map((c) => [c.kind, c.label])).toEqual([
      ["errors", "errors"],
      ["finally", "finally"],
    ]);
    expect(edgesOf(graph, "error")).toEqual(["work>alert[on failure]"]);
    expect(edgesOf(graph, "finally").sort()).toEqual(["alert>cleanup", "work>cleanup"]);
    expect(edgesOf(graph)).toContain("cleanup>End");
    expect(node(graph, "alert").parent).toBe("errors");
    expect(node(graph, "cleanup").parent).toBe("finally");
  });

  test("a flowable's own errors stay inside its group", () => {
    const graph = buildFlowGraph({ tasks: [{ id: "seq", type: `${T}.flow.Sequential`, tasks: [log("a")], errors: [log("oops")] }] });
    const errors = graph.clusters.find((c) => c.kind === "errors")!;
    expect(errors.parent).toBe(graph.clusters.find((c) => c.label === "seq")!.id);
    expect(edgesOf(graph, "error")).toEqual(["seq*>oops[on failure]"]);
  });

  test("afterExecution runs last; disabled tasks are marked", () => {
    const graph = buildFlowGraph({ tasks: [{ ...log("a"), disabled: true }], afterExecution: [log("notify")] });
    expect(edgesOf(graph, "after")).toEqual(["a>notify"]);
    expect(node(graph, "a").disabled).toBe(true);
  });

  test("node ids are unique even when task ids repeat across branches", () => {
    const graph = buildFlowGraph({ tasks: [{ id: "if", type: `${T}.flow.If`, condition: "x", then: [log("same")], else: [log("same")] }] });
    const ids = [...graph.nodes.map((n) => n.id), ...graph.clusters.map((c) => c.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("shortType keeps the class name", () => {
    expect(shortType(`${T}.flow.Parallel`)).toBe("Parallel");
  });
});

describe("layoutFlowGraph", () => {
  test("top to bottom, with every child inside its group", () => {
    const graph = buildFlowGraph({
      tasks: [log("first"), { id: "fan", type: `${T}.flow.Parallel`, tasks: [log("p1"), log("p2")] }],
      errors: [log("alert")],
    });
    const layout = layoutFlowGraph(graph);
    const at = (label: string) => layout.nodes.get(node(graph, label).id)!;
    expect(at("Start").y).toBeLessThan(at("first").y);
    expect(at("first").y).toBeLessThan(at("fan").y);
    expect(at("fan").y).toBeLessThan(at("p1").y);
    expect(at("p1").y).toBe(at("p2").y);
    expect(at("p1").x).toBeLessThan(at("p2").x); // branches in document order
    const group = layout.clusters.get(graph.clusters.find((c) => c.label === "fan")!.id)!;
    for (const label of ["fan", "p1", "p2"]) {
      const b = at(label);
      expect(b.x).toBeGreaterThanOrEqual(group.x);
      expect(b.y).toBeGreaterThanOrEqual(group.y);
      expect(b.x + b.width).toBeLessThanOrEqual(group.x + group.width);
      expect(b.y + b.height).toBeLessThanOrEqual(group.y + group.height);
    }
  });
});

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Flow } from "@/engine/flow/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { allTasks } from "@/engine/flow/walk";
import { canonicalType } from "@/engine/tasks/registry";
import type { ConformanceRecord } from "./types";

/** The corpus folder: expected.json and flows/, read once. */
export class Corpus {
  readonly records: ConformanceRecord[];
  private readonly sources = new Map<string, string>();
  private readonly parsed = new Map<string, Flow>();

  constructor(readonly dir: string) {
    this.records = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8")) as ConformanceRecord[];
    for (const file of readdirSync(path.join(dir, "flows"))) {
      if (!/\.ya?ml$/.test(file)) continue;
      const source = readFileSync(path.join(dir, "flows", file), "utf8");
      this.sources.set(file, source);
      const result = validateFlowSource(source);
      if (result.ok) this.parsed.set(file, result.flow);
    }
  }

  source(file: string): string {
    const source = this.sources.get(file);
    if (source === undefined) throw new Error(`No flow file ${file} in the corpus`);
    return source;
  }

  flow(file: string): Flow | undefined {
    return this.parsed.get(file);
  }

  /** The file of a flow by id (and namespace when given). */
  fileOf(flowId: string, namespace?: string): string | undefined {
    for (const [file, flow] of this.parsed) {
      if (flow.id === flowId && (namespace === undefined || flow.namespace === namespace)) return file;
    }
    return undefined;
  }

  /** The files plus every flow their Subflow tasks call, transitively (when in the corpus). */
  withSubflows(files: string[]): string[] {
    const out = new Set<string>();
    const visit = (file: string) => {
      if (out.has(file)) return;
      out.add(file);
      const flow = this.parsed.get(file);
      if (!flow) return;
      for (const { task } of allTasks(flow)) {
        if (!["io.kestra.plugin.core.flow.Subflow", "io.kestra.plugin.core.flow.ForEachItem"].includes(canonicalType(task.type))) continue;
        const called = this.fileOf(String(task.flowId), String(task.namespace));
        if (called) visit(called);
      }
    };
    files.forEach(visit);
    return [...out];
  }
}

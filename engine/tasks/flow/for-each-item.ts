import { z } from "zod";
import { CORRELATION_ID, toLabels } from "@/engine/executor/labels";
import type { FlowableContext, SubflowStart } from "@/engine/executor/flowable";
import type { Label, StateType, TaskRun } from "@/engine/executor/types";
import { dynInt, text } from "@/engine/flow/values";
import { splitLines } from "@/engine/storage/ion";
import { branchShape, listChildren } from "../children";
import type { Task } from "../common";
import { defineFlowable, defineRunnable } from "../define";
import { extensionOf, readText } from "../storage/files";
import { splitGroups } from "../storage/split";
import { endState, inSequence } from "./branches";
import { subflowFields } from "./subflow";

/**
 * Kestra's ForEachItem: the lines of an internal storage file cut into batches, one subflow
 * execution per batch. As in Kestra it runs as three inner tasks, `<id>_split` (writes the
 * batch files), `<id>_items` (starts the executions, counts their end states) and
 * `<id>_merge` (gathers the subflows' outputs into one Ion file).
 */
const TYPE = "io.kestra.plugin.core.flow.ForEachItem";
const SPLIT_TYPE = `${TYPE}$ForEachItemSplit`;

/**
 * At most this many batches (subflow executions) per ForEachItem run. Kestra has no limit; on a
 * shared instance one task must not fan out without bound (each batch is an execution, and the
 * batch list lives in the task run): the run fails with the count and what to change instead.
 */
export const MAX_BATCHES = 1000;

function tooManyBatches(count: number): Error {
  return new Error(
    `ForEachItem would start ${count} subflow executions, more than the limit of ${MAX_BATCHES} batches: make the batches bigger (batch.rows, batch.bytes) or set fewer batch.partitions`,
  );
}
const ITEMS_TYPE = `${TYPE}$ForEachItemExecutable`;
const MERGE_TYPE = `${TYPE}$ForEachItemMergeOutputs`;

const batchShape = z
  .strictObject({
    /** A new batch every this many lines (1 unless bytes, partitions or regexPattern is set). */
    rows: dynInt({ min: 1 }).optional(),
    /** A readable size such as `10MB`: a new batch once this many bytes are written. */
    bytes: text().optional(),
    /** This many batches, lines dealt round-robin. */
    partitions: dynInt({ min: 1 }).optional(),
    /** Lines grouped by the first capture group. */
    regexPattern: text().optional(),
    separator: text().default("\n"),
  })
  .default({ separator: "\n" });

type Batch = z.output<typeof batchShape>;


type SubflowProps = {
  namespace: string;
  flowId: string;
  revision?: number;
  inputs?: Record<string, unknown>;
  labels?: unknown;
  wait: boolean;
  transmitFailed: boolean;
  inheritLabels: boolean;
  scheduleDate?: string;
  restartBehavior: "NEW_EXECUTION" | "RETRY_FAILED";
};

type ForEachItemTask = Task & SubflowProps & { items: string; batch: Batch };

/** The three inner tasks of a ForEachItem, the same objects for the same task (the flow tree keeps them). */
const inner = new WeakMap<Task, Task[]>();

function innerTasks(task: Task): Task[] {
  const known = inner.get(task);
  if (known) return known;
  const t = task as ForEachItemTask;
  const subflow: SubflowProps = {
    namespace: t.namespace,
    flowId: t.flowId,
    ...(t.revision !== undefined ? { revision: t.revision } : {}),
    ...(t.inputs !== undefined ? { inputs: t.inputs } : {}),
    ...(t.labels !== undefined ? { labels: t.labels } : {}),
    wait: t.wait ?? true,
    transmitFailed: t.transmitFailed ?? true,
    inheritLabels: t.inheritLabels ?? false,
    ...(t.scheduleDate !== undefined ? { scheduleDate: t.scheduleDate } : {}),
    restartBehavior: t.restartBehavior ?? "RETRY_FAILED",
  };
  const base = { disabled: false, allowFailure: false, allowWarning: false, logToFile: t.logToFile };
  const tasks: Task[] = [
    { ...base, id: `${t.id}_split`, type: SPLIT_TYPE, items: t.items, batch: t.batch ?? { separator: "\n" } },
    { ...base, id: `${t.id}_items`, type: ITEMS_TYPE, ...subflow },
    { ...base, id: `${t.id}_merge`, type: MERGE_TYPE },
  ];
  inner.set(task, tasks);
  return tasks;
}

export const forEachItem = defineFlowable({
  type: TYPE,
  aliases: ["io.kestra.core.tasks.flows.ForEachItem"],
  title: "Start a subflow execution for each batch of a file's items",
  properties: ({ task }) =>
    z.object({
      /** A kestra:// URI of a file holding one item a line (Ion, JSON lines, CSV without header). */
      items: text(),
      batch: batchShape,
      ...subflowFields,
      ...branchShape(task),
    }),
  // The inner tasks sit where the ForEachItem sits (no path of their own in the YAML).
  children: (task) => [...innerTasks(task).map((child) => ({ path: [], task: child })), ...listChildren(task, ["errors", "finally"])],
  async next(ctx) {
    return inSequence(ctx, ctx.resolve(innerTasks(ctx.task)) ?? []);
  },
  async state(ctx) {
    return endState(ctx, ctx.resolve(innerTasks(ctx.task)) ?? []);
  },
});

/** The run of a sibling inner task (`_split` for `_items`...), in the same iteration of any enclosing loop. */
function sibling(runs: readonly TaskRun[], run: TaskRun, taskId: string): TaskRun | undefined {
  return runs.find((r) => r.taskId === taskId && r.parentTaskRunId === run.parentTaskRunId);
}

function parentId(innerId: string): string {
  return innerId.slice(0, innerId.lastIndexOf("_"));
}

export const forEachItemSplit = defineRunnable({
  type: SPLIT_TYPE,
  internal: true,
  title: "ForEachItem's inner task: cuts the items into batch files",
  properties: z.object({ items: text(), batch: batchShape }),
  async run(ctx) {
    const { props } = ctx;
    const from = await ctx.render(props.items);
    if (!from.startsWith("kestra://")) {
      throw new Error(`Unable to split the items from ${from}, this is not an internal storage URI!`);
    }
    const separator = await ctx.render(props.batch.separator);
    const { rows, bytes, partitions, regexPattern } = props.batch;
    const by = bytes !== undefined || partitions !== undefined || regexPattern !== undefined ? { bytes, partitions, regexPattern } : { rows: rows ?? 1 };
    const groups = await splitGroups(ctx, splitLines(await readText(ctx, from)), by, separator);
    if (groups.length > MAX_BATCHES) throw tooManyBatches(groups.length);
    const extension = extensionOf(from);
    const uris: string[] = [];
    for (const group of groups) uris.push(await ctx.storage.put(group.map((l) => l + separator).join(""), { extension }));
    const splits = await ctx.storage.put(uris.join("\n"), { name: "splits.txt" });
    // `splits` as Kestra (a file listing the batches); `uris` for the executor, which reads no files.
    return { outputs: { splits, uris } };
  },
});

async function renderLabels(ctx: FlowableContext<SubflowProps>): Promise<Label[]> {
  const raw = ctx.props.labels;
  if (raw === undefined) return [];
  if (typeof raw === "string") return toLabels(await ctx.renderTyped(raw));
  return toLabels(await ctx.renderRecursive(raw));
}

const TERMINATED = ["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED"];

/** The run's end state from the counts of its children's end states (Kestra's findTerminalState). */
function terminalState(iterations: Record<string, number>): StateType {
  if ((iterations.FAILED ?? 0) > 0 || (iterations.CANCELLED ?? 0) > 0) return "FAILED";
  if ((iterations.KILLED ?? 0) > 0) return "KILLED";
  if ((iterations.WARNING ?? 0) > 0) return "WARNING";
  return "SUCCESS";
}

export const forEachItemExecutable = defineFlowable({
  type: ITEMS_TYPE,
  internal: true,
  title: "ForEachItem's inner task: one subflow execution per batch",
  properties: z.object(subflowFields),
  children: () => [],
  async subflows(ctx) {
    const { props } = ctx;
    const split = sibling(ctx.runs, ctx.taskRun, `${parentId(ctx.task.id)}_split`);
    const uris = split?.outputs?.uris;
    if (!Array.isArray(uris)) throw new Error(`No batches found: task '${parentId(ctx.task.id)}_split' gave none`);
    if (uris.length === 0) return { starts: [], outputs: null, wait: props.wait };
    const inherited = props.inheritLabels ? ctx.execution.labels.filter((l) => l.key !== CORRELATION_ID) : [];
    const labels = [...inherited, ...(await renderLabels(ctx))];
    const namespace = await ctx.render(props.namespace);
    const flowId = await ctx.render(props.flowId);
    const scheduleDate = props.scheduleDate ? await ctx.render(props.scheduleDate) : undefined;
    const own = (ctx.variables().taskrun ?? {}) as Record<string, unknown>;
    const starts: SubflowStart[] = [];
    for (const [iteration, items] of uris.entries()) {
      const taskrun = { ...own, items, iteration };
      const inputs = ((await ctx.renderRecursiveWith(props.inputs ?? {}, { taskrun })) ?? {}) as Record<string, unknown>;
      starts.push({
        namespace,
        flowId,
        ...(props.revision !== undefined ? { revision: props.revision } : {}),
        inputs,
        labels,
        wait: props.wait,
        transmitFailed: props.transmitFailed,
        ...(scheduleDate ? { scheduleDate } : {}),
      });
    }
    const n = uris.length;
    // Counts by child state: all CREATED while waiting; without waiting, started counts as done.
    const iterations = props.wait ? { CREATED: n, RUNNING: 0 } : { RUNNING: 0, SUCCESS: n };
    return { starts, outputs: { numberOfBatches: n, iterations }, wait: props.wait };
  },
  async subflowEnded(ctx, { child, childFlow }) {
    const previous = ctx.taskRun.outputs ?? {};
    const ids = Array.isArray(previous.executionIds) ? (previous.executionIds as string[]) : [];
    const pending = (Array.isArray(previous.pendingExecutionIds) ? (previous.pendingExecutionIds as string[]) : []).filter((id) => id !== child.id);
    const iterations = { ...((previous.iterations ?? {}) as Record<string, number>) };
    const state = TERMINATED.includes(child.state.current) ? child.state.current : "FAILED";
    iterations.CREATED = Math.max(0, (iterations.CREATED ?? 0) - 1);
    iterations[state] = (iterations[state] ?? 0) + 1;
    const outputs: Record<string, unknown> = { ...previous, iterations };
    if (childFlow.outputs?.length) {
      // Kept by iteration for `_merge`, which writes them to one file in iteration order.
      const iteration = ids.indexOf(child.id);
      outputs.subflowOutputsByIteration = { ...((previous.subflowOutputsByIteration ?? {}) as object), [String(iteration)]: child.outputs ?? {} };
    }
    if (pending.length > 0) return { state: "RUNNING", outputs: { ...outputs, pendingExecutionIds: pending } };
    delete outputs.pendingExecutionIds;
    return { state: ctx.props.transmitFailed ? terminalState(iterations) : "SUCCESS", outputs };
  },
});

export const forEachItemMergeOutputs = defineRunnable({
  type: MERGE_TYPE,
  internal: true,
  title: "ForEachItem's inner task: the subflows' outputs in one file",
  properties: z.object({}),
  async run(ctx) {
    const items = sibling(ctx.execution.taskRunList, ctx.taskRun, `${parentId(ctx.task.id)}_items`);
    const byIteration = items?.outputs?.subflowOutputsByIteration as Record<string, unknown> | undefined;
    if (!byIteration || Object.keys(byIteration).length === 0) return;
    const lines = Object.entries(byIteration)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, outputs]) => `${JSON.stringify(outputs)}\n`);
    // JSON text is Ion text: one subflow's outputs a line, as Kestra's FileSerde writes them.
    const subflowOutputs = await ctx.storage.put(lines.join(""), { name: "outputs.ion" });
    return { outputs: { subflowOutputs } };
  },
});

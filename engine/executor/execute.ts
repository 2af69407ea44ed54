import type { Flow } from "@/engine/flow/schema";
import type { TemplateFunctions } from "@/engine/template";
import { createTaskContext, WORKING_DIRECTORY_TYPES, workingDirectoryOf } from "./context";
import { finishWorkingDirectory, seedWorkingDirectory, type Seed } from "@/engine/tasks/flow/working-directory";
import { parseDuration } from "./duration";
import type { TaskServices } from "./services";
import { flowTree } from "./tree";
import type { Execution, LogEntry, TaskResult } from "./types";
import { errorMessage } from "./work";
import { pathText, storableText, unstorable } from "./storable";

export type ExecuteTaskRunInput = {
  flow: Flow;
  /** The execution as returned by advance, with the task run RUNNING. */
  execution: Execution;
  taskRunId: string;
  services: TaskServices;
  now?: () => Date;
  /** Aborting it kills the run (the result is then KILLED). */
  signal?: AbortSignal;
  functions?: TemplateFunctions;
  envs?: Record<string, unknown>;
  globals?: Record<string, unknown>;
  /**
   * Receives the attempt's live log array when its lines may be written before the task ends
   * (not with logToFile): the shell may take lines out of it (splice) to store them as they
   * come; what it leaves is returned in the result's `logs`.
   */
  onLogLines?: (lines: LogEntry[]) => void;
};

class Timeout extends Error {}

/**
 * The shell's side of a `run` action: runs the task's `run(ctx)` with the injected services
 * and returns what completeTaskRun needs. Never throws for a task's failure (a template
 * error, a refused request, a `timeout`): that is a FAILED result with its message logged.
 */
export async function executeTaskRun(input: ExecuteTaskRunInput): Promise<TaskResult> {
  const { flow, execution } = input;
  const now = input.now ?? (() => new Date());
  const run = execution.taskRunList.find((r) => r.id === input.taskRunId);
  const node = run ? flowTree(flow).node(run.taskId) : undefined;
  if (!run || !node) return { state: "FAILED", error: `No task run '${input.taskRunId}' to run` };
  const definition = node.definition;
  if (definition?.kind !== "runnable" || !definition.run) {
    return { state: "FAILED", error: `Task type '${node.task.type}' cannot be run by a worker` };
  }

  const controller = new AbortController();
  const onAbort = () => controller.abort(input.signal?.reason);
  input.signal?.addEventListener("abort", onAbort, { once: true });
  const tree = flowTree(flow);
  // Only a task placed under a WorkingDirectory in the flow looks for its run (loops have thousands of runs).
  let insideDirectory = false;
  for (let parent = node.parent; parent && !insideDirectory; parent = tree.node(parent.id)?.parent) insideDirectory = WORKING_DIRECTORY_TYPES.has(parent.type);
  const holder = insideDirectory ? workingDirectoryOf((taskId) => tree.node(taskId)?.task.type, execution, run) : undefined;
  const ctx = createTaskContext({
    flow,
    execution,
    taskRun: run,
    task: node.task,
    services: input.services,
    workingDirectoryId: holder?.id,
    now,
    signal: controller.signal,
    functions: input.functions,
    envs: input.envs,
    globals: input.globals,
  });

  if (!node.task.logToFile) input.onLogLines?.(ctx.logger.lines);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let result: TaskResult;
  try {
    // The first task of a WorkingDirectory seeds it (inputFiles, namespaceFiles).
    if (holder && input.services.workingDirectories && (await input.services.workingDirectories.claim(holder.id))) {
      await seedWorkingDirectory(ctx as never, (tree.node(holder.taskId)?.task ?? {}) as Seed, input.services.workingDirectories, holder.value);
    }
    const work = definition.run(ctx);
    const limit = node.task.timeout === undefined ? undefined : parseDuration(await ctx.render(node.task.timeout));
    const timeout =
      limit === undefined
        ? new Promise<never>(() => {})
        : new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Timeout(`Timeout after ${node.task.timeout}`)), limit);
          });
    const outcome = await Promise.race([work, timeout]);
    for (const [key, value] of Object.entries(outcome ?? {})) {
      const bad = unstorable(value, [key]);
      if (bad) throw new Error(`The task's ${pathText("", bad.path)} cannot be stored: it ${bad.reason}`);
    }
    result = { state: outcome?.warning ? "WARNING" : "SUCCESS", ...(outcome?.outputs ? { outputs: outcome.outputs } : {}) };
  } catch (error) {
    if (error instanceof Timeout) controller.abort(error);
    const killed = input.signal?.aborted === true;
    const message = storableText(killed ? "Task killed" : errorMessage(error));
    ctx.logger.error(message);
    result = { state: killed ? "KILLED" : "FAILED", error: message };
  } finally {
    if (timer) clearTimeout(timer);
    input.signal?.removeEventListener("abort", onAbort);
  }

  // The WorkingDirectory's end (outputFiles, cache) comes with the task that ends its sequence.
  const holderTask = holder ? ((tree.node(holder.taskId)?.task ?? {}) as Seed & { tasks?: { id: string; disabled?: boolean }[] }) : undefined;
  if (holder && holderTask && input.services.workingDirectories && (holderTask.outputFiles || holderTask.cache) && run.parentTaskRunId === holder.id) {
    const last = (holderTask.tasks ?? []).filter((t) => !t.disabled).at(-1)?.id === run.taskId;
    const stops = result.state === "FAILED" && !node.task.allowFailure && node.task.retry === undefined;
    if (last || stops) {
      try {
        const outputs = await finishWorkingDirectory(ctx as never, holderTask, input.services.workingDirectories, holder.value);
        if (outputs) result.holderOutputs = { taskRunId: holder.id, outputs };
      } catch (error) {
        const message = storableText(`Failed postExecuteTasks on WorkingDirectory: ${errorMessage(error)}`);
        ctx.logger.error(message);
        result = { state: "FAILED", error: message };
      }
    }
  }

  for (const line of ctx.logger.lines) line.message = storableText(line.message);
  if (ctx.metrics.entries.length) result.metrics = ctx.metrics.entries;
  if (!node.task.logToFile) return { ...result, logs: ctx.logger.lines };
  const text = ctx.logger.lines.map((l) => `${l.timestamp} ${l.level} ${l.message}\n`).join("");
  const logFile = await input.services.storage.put(text, { name: `${run.id}-log`, extension: ".txt" });
  return { ...result, logs: [], logFile };
}

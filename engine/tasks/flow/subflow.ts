import { z } from "zod";
import { CORRELATION_ID, toLabels } from "@/engine/executor/labels";
import type { FlowableContext } from "@/engine/executor/flowable";
import type { Label, StateType } from "@/engine/executor/types";
import { dynamicLabels } from "@/engine/flow/labels";
import { bool, int, stringMap, text } from "@/engine/flow/values";
import { defineFlowable } from "../define";

/** The subflow a Subflow task (or ForEachItem, per batch) starts, and how. */
export const subflowFields = {
  namespace: text(),
  flowId: text(),
  /** Defaults to the latest revision. */
  revision: int({ min: 1 }).optional(),
  inputs: stringMap().optional(),
  labels: dynamicLabels().optional(),
  wait: bool().default(true),
  transmitFailed: bool().default(true),
  inheritLabels: bool().default(false),
  scheduleDate: z.string().optional(),
  restartBehavior: z.enum(["NEW_EXECUTION", "RETRY_FAILED"]).default("RETRY_FAILED"),
};

const properties = z.object({
  ...subflowFields,
  /** Deprecated: flow-level outputs of the subflow replace it. */
  outputs: stringMap().optional(),
});

type Props = z.output<typeof properties>;

async function renderLabels(ctx: FlowableContext<Props>): Promise<Label[]> {
  const raw = ctx.props.labels;
  if (raw === undefined) return [];
  if (typeof raw === "string") return toLabels(await ctx.renderTyped(raw));
  return toLabels(await ctx.renderRecursive(raw));
}

/** The parent's end state from the child's: failures pass through with `transmitFailed`. */
function stateFromChild(child: StateType, transmitFailed: boolean): StateType {
  if (!transmitFailed) return "SUCCESS";
  if (child === "FAILED" || child === "CANCELLED") return "FAILED";
  if (child === "KILLED" || child === "WARNING") return child;
  return "SUCCESS";
}

/**
 * Flowable because the executor, not a worker, handles it: it asks the shell to create the
 * child execution and, with `wait`, takes its end state from the child's.
 */
export const subflow = defineFlowable({
  type: "io.kestra.plugin.core.flow.Subflow",
  // `io.kestra.core.tasks.flows.Flow` is the subflow task's older name, still accepted by Kestra.
  aliases: ["io.kestra.core.tasks.flows.Subflow", "io.kestra.core.tasks.flows.Flow"],
  title: "Start an execution of another flow",
  properties,
  children: () => [],
  async subflow(ctx) {
    const { props } = ctx;
    const inherited = props.inheritLabels ? ctx.execution.labels.filter((l) => l.key !== CORRELATION_ID) : [];
    return {
      namespace: await ctx.render(props.namespace),
      flowId: await ctx.render(props.flowId),
      ...(props.revision !== undefined ? { revision: props.revision } : {}),
      inputs: ((await ctx.renderRecursive(props.inputs ?? {})) ?? {}) as Record<string, unknown>,
      labels: [...inherited, ...(await renderLabels(ctx))],
      wait: props.wait,
      transmitFailed: props.transmitFailed,
      ...(props.scheduleDate ? { scheduleDate: await ctx.render(props.scheduleDate) } : {}),
    };
  },
  async subflowEnded(ctx, { child, childFlow, renderChild }) {
    const outputs: Record<string, unknown> = { executionId: child.id, state: child.state.current };
    const state = stateFromChild(child.state.current, ctx.props.transmitFailed);
    if (childFlow.outputs?.length) outputs.outputs = child.outputs ?? {};
    else if (ctx.props.outputs) {
      try {
        outputs.outputs = await renderChild(ctx.props.outputs);
      } catch (error) {
        return { state: "FAILED", outputs, error: error instanceof Error ? error.message : String(error) };
      }
    }
    return { state, outputs };
  },
});

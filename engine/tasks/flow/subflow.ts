import { z } from "zod";
import { dynamicLabels } from "@/engine/flow/labels";
import { bool, int, stringMap, text } from "@/engine/flow/values";
import { defineFlowable } from "../define";

/**
 * Flowable because the executor, not a worker, handles it: it creates the
 * child execution and, with `wait`, takes its state from the child's.
 */
export const subflow = defineFlowable({
  type: "io.kestra.plugin.core.flow.Subflow",
  aliases: ["io.kestra.core.tasks.flows.Subflow"],
  title: "Start an execution of another flow",
  properties: z.object({
    namespace: text(),
    flowId: text(),
    /** Defaults to the latest revision. */
    revision: int({ min: 1 }).optional(),
    inputs: stringMap().optional(),
    labels: dynamicLabels().optional(),
    wait: bool().default(true),
    transmitFailed: bool().default(true),
    inheritLabels: bool().default(false),
    /** Deprecated: flow-level outputs of the subflow replace it. */
    outputs: stringMap().optional(),
    scheduleDate: z.string().optional(),
    restartBehavior: z.enum(["NEW_EXECUTION", "RETRY_FAILED"]).default("RETRY_FAILED"),
  }),
  children: () => [],
});

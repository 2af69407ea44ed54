import type { Execution, Label } from "@/engine/executor";
import type { Actor } from "../actor";
import { startExecution as insertExecution } from "./commands";

export type StartExecution = {
  namespace: string;
  flowId: string;
  revision?: number;
  inputs: Record<string, unknown>;
  files?: Record<string, { name: string; content: Buffer }>;
  labels?: Label[];
  /** Kestra's scheduleDate: created now, run at this date. */
  scheduleDate?: Date;
};

/** Starts an execution of a flow (EXECUTION:CREATE in its namespace); audited with it. */
export async function startExecution(actor: Actor, input: StartExecution): Promise<Execution> {
  actor.require("EXECUTION", "CREATE", input.namespace);
  return insertExecution({
    ...input,
    tenantId: actor.tenantId,
    audit: { actor, entry: { action: "CREATE", resourceType: "EXECUTION", resourceId: "(new)", detail: { flow: `${input.namespace}.${input.flowId}` } } },
  });
}

import type { Action } from "@/lib/permissions";
import { ApiError } from "@/lib/errors";
import type { Execution } from "@/engine/executor/types";
import type { Actor } from "../actor";
import { readExecution } from "./commands";

/**
 * The execution `id` if the actor may do `action` on it: 404 when it does not exist or its
 * namespace is not readable to the actor (the two look alike), 403 when readable only.
 */
export async function findExecution(actor: Actor, { id }: { id: string }, action: Action = "READ"): Promise<Execution> {
  const execution = await readExecution(actor.tenantId, id);
  if (!execution || !actor.can("EXECUTION", "READ", execution.namespace)) throw new ApiError("not_found", `Execution ${id} not found`);
  actor.require("EXECUTION", action, execution.namespace);
  return execution;
}

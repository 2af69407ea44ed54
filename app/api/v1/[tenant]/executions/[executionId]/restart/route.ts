import { tenantRoute } from "@/lib/api/route";
import { restartExecution } from "@/lib/server/executions";

/** Restarts a failed execution from its failed task runs (state RESTARTED). */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"] }, ({ actor, params }) => restartExecution(actor, { id: params.executionId }));

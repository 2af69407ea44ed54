import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { deleteExecution, findExecution } from "@/lib/server/executions";

export const GET = tenantRoute({ permission: ["EXECUTION", "READ"] }, ({ actor, params }) => findExecution(actor, { id: params.executionId }));

export const DELETE = tenantRoute(
  { permission: ["EXECUTION", "DELETE"], query: z.object({ deleteLogs: z.enum(["true", "false"]).optional(), deleteStorage: z.enum(["true", "false"]).optional() }) },
  async ({ actor, params, query }) => {
    await deleteExecution(actor, { id: params.executionId, deleteStorage: query.deleteStorage !== "false" });
    return undefined;
  },
);

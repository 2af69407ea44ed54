import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { requireExecution } from "@/lib/api/executions";
import { removeExecution } from "@/engine/worker/commands";

export const GET = tenantRoute({ permission: ["EXECUTION", "READ"] }, (call) => requireExecution(call, "READ"));

export const DELETE = tenantRoute(
  { permission: ["EXECUTION", "DELETE"], query: z.object({ deleteLogs: z.enum(["true", "false"]).optional(), deleteStorage: z.enum(["true", "false"]).optional() }) },
  async (call) => {
    await requireExecution(call, "DELETE");
    await removeExecution(call.tenantId, call.params.executionId, { deleteStorage: call.query.deleteStorage !== "false" });
    return undefined;
  },
);

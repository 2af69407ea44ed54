import { tenantRoute } from "@/lib/api/route";
import { labelsBody } from "@/lib/api/executions";
import { setExecutionLabels } from "@/lib/server/executions";

/** Replaces the execution's labels with `[{key, value}]`. */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"], body: labelsBody }, ({ actor, params, body }) =>
  setExecutionLabels(actor, { id: params.executionId, labels: body }),
);

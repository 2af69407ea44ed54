import { NextResponse } from "next/server";
import { tenantRoute } from "@/lib/api/route";
import { requireExecution } from "@/lib/api/executions";
import { killExecution } from "@/engine/worker/commands";

/** Kills a running execution and its children: 202, the kill completes in the worker. */
export const DELETE = tenantRoute({ permission: ["EXECUTION", "UPDATE"] }, async (call) => {
  await requireExecution(call, "UPDATE");
  const execution = await killExecution(call.tenantId, call.params.executionId);
  return NextResponse.json(execution, { status: 202 });
});

import { NextResponse } from "next/server";
import { tenantRoute } from "@/lib/api/route";
import { killExecution } from "@/lib/server/executions";

/** Kills a running execution and its children: 202, the kill completes in the worker. */
export const DELETE = tenantRoute({ permission: ["EXECUTION", "UPDATE"] }, async ({ actor, params }) => {
  const execution = await killExecution(actor, { id: params.executionId });
  return NextResponse.json(execution, { status: 202 });
});

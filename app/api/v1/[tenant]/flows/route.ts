import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { parseFlowOrThrow, publicFlow, readYamlBody } from "@/lib/api/flows";
import { ApiError } from "@/lib/errors";

/** Create a flow from YAML: 201 with FlowWithSource, 409 if it exists, 422 naming line/column. */
export const POST = tenantRoute(
  { permission: ["FLOW", "CREATE"] },
  async ({ req, ctx, tenantId, can }) => {
    const source = await readYamlBody(req);
    const flow = parseFlowOrThrow(source);
    if (!can("FLOW", "CREATE", flow.namespace)) throw new ApiError("forbidden", `Missing permission FLOW:CREATE in namespace ${flow.namespace}`);
    const result = await withTenant(ctx, async (tx) => {
      const saved = await saveFlow(tx, { tenantId, flow, source, authorId: ctx.userId, mode: "create" });
      if (saved.status === "created") {
        await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "FLOW", resourceId: `${flow.namespace}.${flow.id}`, detail: { revision: saved.row.revision } });
      }
      return saved;
    });
    if (!("row" in result)) throw new ApiError("conflict", `Flow ${flow.namespace}.${flow.id} already exists`, [{ path: "id", message: "already exists" }]);
    return publicFlow(result.row);
  },
  201,
);

import { tenantRoute } from "@/lib/api/route";
import { publicFlow, readYamlBody } from "@/lib/api/flows";
import { createFlow } from "@/lib/server/flows";

/** Create a flow from YAML: 201 with FlowWithSource, 409 if it exists, 422 naming line/column. */
export const POST = tenantRoute(
  { permission: ["FLOW", "CREATE"] },
  async ({ req, actor }) => publicFlow(await createFlow(actor, { source: await readYamlBody(req) })),
  201,
);

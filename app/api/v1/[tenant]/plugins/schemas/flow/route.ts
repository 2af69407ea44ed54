import { tenantRoute } from "@/lib/api/route";
import { flowJsonSchema } from "@/engine/flow/json-schema";

/** The JSON Schema of the flow model, generated from the same zod schemas that validate flows. */
export const GET = tenantRoute({ permission: ["FLOW", "READ"] }, async () => flowJsonSchema());

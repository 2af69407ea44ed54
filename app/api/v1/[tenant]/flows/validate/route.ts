import { withTenant } from "@/db/tenant";
import { getFlow } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { readYamlBody } from "@/lib/api/flows";
import { describeFlowErrors, flowErrorDetails, invalidFlow } from "@/lib/server/flows/source";
import { validateFlowDocuments } from "@/engine/flow/validate";

/**
 * Validates one or several `---` documents without saving: one entry per document, with
 * `constraints` (Kestra's field) describing what is wrong, and `details` with positions.
 */
export const POST = tenantRoute({ permission: ["FLOW", "READ"] }, async ({ req, ctx, can }) => {
  const body = await readYamlBody(req, { bulk: true });
  const result = validateFlowDocuments(body);
  if (!result.ok) {
    const error = invalidFlow(result.errors);
    if (error.status === 413) throw error;
    return [{ index: 0, constraints: describeFlowErrors(result.errors), details: flowErrorDetails(result.errors), outdated: false, deprecationPaths: [], warnings: [], infos: [] }];
  }
  return withTenant(ctx, async (tx) =>
    Promise.all(
      result.documents.map(async (doc) => {
        if (!doc.ok) {
          return { index: doc.index, constraints: describeFlowErrors(doc.errors), details: flowErrorDetails(doc.errors), outdated: false, deprecationPaths: [], warnings: [], infos: [] };
        }
        // Whether a flow exists is an answer only for a namespace the caller may read.
        const readable = can("FLOW", "READ", doc.flow.namespace);
        const existing = readable ? await getFlow(tx, { namespace: doc.flow.namespace, id: doc.flow.id }) : null;
        const writable = can("FLOW", "CREATE", doc.flow.namespace) || can("FLOW", "UPDATE", doc.flow.namespace);
        return {
          index: doc.index,
          flow: doc.flow.id,
          namespace: doc.flow.namespace,
          ...(writable ? {} : { constraints: `You may not write flows in namespace ${doc.flow.namespace}` }),
          outdated: false,
          exists: Boolean(existing),
          deprecationPaths: [],
          warnings: [],
          infos: [],
        };
      }),
    ),
  );
});

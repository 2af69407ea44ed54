import { withTenant, type TenantContext } from "@/db/tenant";
import { recordAudit } from "@/db/queries/access";
import { saveNamespaceSettings } from "@/db/queries/namespaces";
import { allows, type Grant } from "@/lib/permissions";
import { ApiError } from "@/lib/errors";

/**
 * Sets which other namespaces' flows may reach a namespace (Kestra EE's
 * `allowedNamespaces`): needs NAMESPACE:UPDATE on that namespace, since it opens the
 * namespace's KV, flows and executions to those flows. Write and audit entry in one
 * transaction.
 */
export async function updateNamespace({
  ctx,
  grants,
  namespace,
  allowedNamespaces,
  description,
}: {
  ctx: TenantContext & { userId: string };
  grants: Grant[];
  namespace: string;
  allowedNamespaces: string[];
  description?: string | null;
}) {
  if (!allows(grants, "NAMESPACE", "UPDATE", namespace)) {
    throw new ApiError("forbidden", `Missing permission NAMESPACE:UPDATE in namespace ${namespace}`);
  }
  const allowed = [...new Set(allowedNamespaces)].sort();
  return withTenant(ctx, async (tx) => {
    const row = await saveNamespaceSettings(tx, { tenantId: ctx.tenantId, namespace, allowedNamespaces: allowed, description });
    await recordAudit(tx, { tenantId: ctx.tenantId, actorId: ctx.userId, action: "UPDATE", resourceType: "NAMESPACE", resourceId: namespace, detail: { allowedNamespaces: allowed } });
    return row;
  });
}

import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { namespaceSummaries } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { kestraIgnored, namespaceSchema } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";
import { getNamespaceSettings } from "@/db/queries/namespaces";
import { updateNamespace } from "@/lib/server/namespaces/update-namespace";

/** One namespace: exists while a live flow is in it or below it, or once it has settings. */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"] }, async ({ ctx, params, can }) => {
  const { namespace } = parseWith(z.object({ namespace: namespaceSchema }), params, "path");
  const [rows, settings] = can("NAMESPACE", "READ", namespace)
    ? await withTenant(ctx, (tx) => Promise.all([namespaceSummaries(tx, { scope: [namespace] }), getNamespaceSettings(tx, { namespace })]))
    : [[], null];
  if (rows.length === 0 && !settings) throw new ApiError("not_found", `Namespace ${namespace} not found`);
  const own = rows.find((r) => r.namespace === namespace);
  return {
    id: namespace,
    description: settings?.description ?? null,
    allowedNamespaces: (settings?.allowedNamespaces ?? []).map((n) => ({ namespace: n })),
    flowCount: own?.flowCount ?? 0,
    children: rows.filter((r) => r.namespace !== namespace).map((r) => r.namespace),
  };
});

/**
 * Kestra EE's Namespace model: `allowedNamespaces: [{namespace}]` (plain strings are taken
 * too) and `description` are honoured; its variables, plugin defaults, isolation, storage,
 * secret backend and worker group are accepted and ignored.
 */
const namespaceBody = z.strictObject({
  id: z.string().optional(),
  description: z.string().max(1000).nullable().optional(),
  allowedNamespaces: z
    .array(z.union([z.strictObject({ namespace: z.union([namespaceSchema, z.literal("*")]) }), z.union([namespaceSchema, z.literal("*")])]))
    .max(200),
  deleted: z.boolean().refine((v) => !v, "a namespace is not deleted through this route").optional(),
  ...Object.fromEntries(
    ["storageIsolation", "secretIsolation", "variables", "pluginDefaults", "workerGroup", "storageType", "storageConfiguration", "secretType", "secretReadOnly", "secretConfiguration", "outputsInInternalStorage"].map(
      (k) => [k, kestraIgnored()],
    ),
  ),
});

/** Sets the namespaces whose flows may reach this one (KV, subflows, flow triggers). */
export const PUT = tenantRoute({ permission: ["NAMESPACE", "UPDATE"], body: namespaceBody }, async ({ ctx, params, grants, body }) => {
  const { namespace } = parseWith(z.object({ namespace: namespaceSchema }), params, "path");
  if (body.id !== undefined && body.id !== namespace) throw new ApiError("unprocessable", "The namespace id cannot change", [{ path: "id", message: "cannot change" }]);
  const allowedNamespaces = body.allowedNamespaces.map((a) => (typeof a === "string" ? a : a.namespace));
  const row = await updateNamespace({ ctx, grants, namespace, allowedNamespaces, description: body.description });
  return { id: namespace, description: row.description, allowedNamespaces: row.allowedNamespaces.map((n) => ({ namespace: n })) };
});

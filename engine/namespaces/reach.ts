import { withTenant } from "@/db/tenant";
import { namespaceAllows } from "@/db/queries/namespaces";
import { NamespaceDenied, withinNamespace, type Reach } from "./rule";

export { NamespaceDenied, withinNamespace, type Reach };

/**
 * The rule for a flow reaching another namespace (DESIGN.md invariant 7, README
 * "Namespaces inside flows"): a flow of namespace `from` reaches `to` when `to` is `from`
 * itself or one of its children, exactly where a right scoped to `from` reaches; any
 * other namespace only when that namespace's settings list `from` (or a parent of it, or
 * `*`) in `allowedNamespaces`. So a user whose rights end at `carolns` cannot write a
 * flow that reads `alicens`'s KV, starts its flows or watches its executions, unless
 * someone with rights on `alicens` allowed it.
 *
 * Every cross-namespace reach of the engine goes through assertReach: KV (functions and
 * tasks), Subflow, Flow triggers, and the features still to come (secrets, namespace
 * files, ForEachItem), which name their reach in `what`.
 */

export async function canReach(tenantId: string, from: string, to: string): Promise<boolean> {
  if (withinNamespace(from, to)) return true;
  return withTenant({ tenantId }, (tx) => namespaceAllows(tx, { to, from }));
}

/** Throws NamespaceDenied unless a flow of `from` may reach `to`. */
export async function assertReach(tenantId: string, from: string, to: string, what: Reach): Promise<void> {
  if (!(await canReach(tenantId, from, to))) throw new NamespaceDenied(from, to, what);
}

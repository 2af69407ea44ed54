import { withTenantPipeline } from "@/db/tenant";
import { currentFlowOf, currentFlowStatement } from "@/db/queries/flows";
import type { Flow } from "@/engine/flow/schema";

/**
 * The live flows this process started executions of, each with its row's xmin. A cached
 * flow is never trusted alone: the insert that creates an execution checks the xmin in
 * the same statement (insertExecutionStatement's flow guard) and writes nothing if the
 * flow changed since, here or in another process; the caller then reads it again.
 */
export type CurrentFlow = { flow: Flow; revision: number; xmin: string; cached: boolean };

const MAX_ENTRIES = 1000;
const globalCache = globalThis as unknown as { __switchyardFlowCache?: Map<string, CurrentFlow> };

function cache(): Map<string, CurrentFlow> {
  return (globalCache.__switchyardFlowCache ??= new Map());
}

const keyOf = (tenantId: string, namespace: string, id: string) => `${tenantId}\u0000${namespace}\u0000${id}`;

/** The flow (cached unless `fresh`), or null when the tenant has no such live flow. */
export async function currentFlow(tenantId: string, namespace: string, id: string, fresh = false): Promise<CurrentFlow | null> {
  const key = keyOf(tenantId, namespace, id);
  const entries = cache();
  const cached = fresh ? undefined : entries.get(key);
  if (cached) return { ...cached, cached: true };
  const [rows] = await withTenantPipeline({ tenantId }, [currentFlowStatement({ namespace, id })]);
  const found = currentFlowOf(rows);
  if (!found) {
    entries.delete(key);
    return null;
  }
  // Frozen: every execution of the flow shares this object, and nothing may change it.
  const current = { flow: deepFreeze(found.definition), revision: found.revision, xmin: found.xmin, cached: false };
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  entries.set(key, current);
  return current;
}

export function forgetFlow(tenantId: string, namespace: string, id: string) {
  cache().delete(keyOf(tenantId, namespace, id));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

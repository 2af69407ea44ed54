import { withTenant } from "@/db/tenant";
import { createRole as insertRole } from "@/db/queries/access";
import type { PermissionMap } from "@/lib/permissions";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Creates a custom role (ROLE:CREATE). */
export async function createRole(actor: Actor, input: { name: string; description?: string | null; permissions: PermissionMap }) {
  actor.require("ROLE", "CREATE");
  return withTenant(actor, async (tx) => {
    const role = await insertRole(tx, { tenantId: actor.tenantId, ...input });
    await audit(tx, actor, { action: "CREATE", resourceType: "ROLE", resourceId: role.id, detail: { name: role.name } });
    return role;
  });
}

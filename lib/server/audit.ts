import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { recordAudit } from "@/db/queries/access";
import { instanceAuditLogs } from "@/db/schema";
import { newId } from "@/lib/ids";
import type { Actor, InstanceActor } from "./actor";

/** What an operation did: `UPDATE` of `FLOW` `company.team.etl`. */
export type AuditEntry = { action: string; resourceType: string; resourceId: string; detail?: Record<string, unknown> };

/** Records the actor's entry in the tenant's audit log, inside the operation's transaction. */
export function audit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  return recordAudit(tx, { tenantId: actor.tenantId, actorId: actor.userId, ...entry });
}

/**
 * The same entry as a statement for a pipelined transaction (withTenantPipeline), written
 * only when `when` (an SQL condition, such as the existence of the row just inserted) holds.
 */
export function auditStatement(actor: Actor, entry: AuditEntry, when?: SQL): SQL {
  return sql`insert into audit_logs (tenant_id, id, actor_id, action, resource_type, resource_id, detail)
    select ${actor.tenantId}::text, ${newId()}::text, ${actor.userId}::text, ${entry.action}::text, ${entry.resourceType}::text,
      ${entry.resourceId}::text, ${entry.detail === undefined ? null : JSON.stringify(entry.detail)}::jsonb
    ${when ? sql`where ${when}` : sql``}`;
}

/** An entry in the instance audit log (tenants, users, tokens), inside the operation's transaction. */
export async function auditInstance(tx: Tx, actor: InstanceActor, entry: AuditEntry): Promise<void> {
  await tx.insert(instanceAuditLogs).values({
    id: newId(),
    actorId: actor.userId,
    action: entry.action,
    targetType: entry.resourceType,
    targetId: entry.resourceId,
    detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
  });
}

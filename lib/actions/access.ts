"use server";

import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { getUserByEmail } from "@/db/queries/users";
import {
  createBinding,
  deleteBinding,
  getRole,
  grantTenantAccess,
  hasTenantAccess,
  recordAudit,
  revokeTenantAccess,
} from "@/db/queries/access";
import { namespaceSchema } from "@/lib/api/schemas";
import { ActionError, optionalText, tenantAction } from "./wrapper";

const id = z.string().min(1).max(64);
const optionalNamespace = optionalText(150).pipe(namespaceSchema.optional());

/** Grants a user access to the tenant by email, optionally binding a role in the same step. */
export const grantAccess = tenantAction(
  {
    input: z.object({ email: z.email("Enter a valid email address").max(320), roleId: optionalText(64), namespaceId: optionalNamespace }),
    permission: ["TENANT_ACCESS", "CREATE"],
  },
  async ({ input, ctx, tenantId, actor }) => {
    if (input.roleId && !actor.can("BINDING", "CREATE")) {
      throw new ActionError("You may grant access but not bind roles; leave the role empty.", { roleId: "no BINDING:CREATE permission" });
    }
    return withTenant(ctx, async (tx) => {
      const user = await getUserByEmail(tx, { email: input.email });
      if (!user) throw new ActionError("No user has this email. A superadmin creates accounts.", { email: "no such user" });
      if (input.roleId && !(await getRole(tx, { id: input.roleId }))) throw new ActionError("This role no longer exists.", { roleId: "no such role" });
      const { created } = await grantTenantAccess(tx, { tenantId, userId: user.id });
      if (created) {
        await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "TENANT_ACCESS", resourceId: user.id, detail: { email: user.email } });
      }
      if (input.roleId) {
        const binding = await createBinding(tx, { tenantId, type: "USER", externalId: user.id, roleId: input.roleId, namespaceId: input.namespaceId });
        await recordAudit(tx, {
          tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "BINDING", resourceId: binding.id,
          detail: { type: "USER", externalId: user.id, roleId: input.roleId, namespaceId: input.namespaceId ?? null },
        });
      }
      return { email: user.email, created };
    });
  },
);

/** Revokes a user's access and their role bindings in the tenant. */
export const revokeAccess = tenantAction(
  { input: z.object({ userId: id }), permission: ["TENANT_ACCESS", "DELETE"] },
  async ({ input, ctx, tenantId }) =>
    withTenant(ctx, async (tx) => {
      const revoked = await revokeTenantAccess(tx, { userId: input.userId });
      if (!revoked) throw new ActionError("This user has no access to the tenant any more.");
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "TENANT_ACCESS", resourceId: input.userId });
    }),
);

/** Binds a role to a member, for the whole tenant or one namespace (and its children). */
export const addBinding = tenantAction(
  { input: z.object({ userId: id, roleId: z.string().min(1, "Choose a role").max(64), namespaceId: optionalNamespace }), permission: ["BINDING", "CREATE"] },
  async ({ input, ctx, tenantId }) =>
    withTenant(ctx, async (tx) => {
      if (!(await getRole(tx, { id: input.roleId }))) throw new ActionError("This role no longer exists.", { roleId: "no such role" });
      if (!(await hasTenantAccess(tx, { tenantId, userId: input.userId }))) {
        throw new ActionError("This user has no access to the tenant; grant access first.");
      }
      const body = { type: "USER" as const, externalId: input.userId, roleId: input.roleId, namespaceId: input.namespaceId ?? null };
      const binding = await createBinding(tx, { tenantId, ...body });
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "BINDING", resourceId: binding.id, detail: body });
    }),
);

/** Removes one role binding. */
export const removeBinding = tenantAction(
  { input: z.object({ bindingId: id }), permission: ["BINDING", "DELETE"] },
  async ({ input, ctx, tenantId }) =>
    withTenant(ctx, async (tx) => {
      const deleted = await deleteBinding(tx, { id: input.bindingId });
      if (!deleted) throw new ActionError("This binding was already removed.");
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "BINDING", resourceId: input.bindingId });
    }),
);

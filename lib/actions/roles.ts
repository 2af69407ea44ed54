"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { createRole as insertRole, deleteRole as removeRole, getRole, recordAudit, updateRole as saveRole } from "@/db/queries/access";
import { ACTIONS, RESOURCES, type Action, type PermissionMap, type Resource } from "@/lib/permissions";
import { ActionError, optionalText, tenantAction } from "./wrapper";

/** Checkbox values `FLOW:READ` → `{FLOW: ["READ"]}`, in the canonical order. */
const permissionList = z
  .array(z.string().max(40))
  .max(RESOURCES.length * ACTIONS.length)
  .default([])
  .transform((values, ctx): PermissionMap => {
    const chosen = new Set(values);
    for (const v of chosen) {
      const [resource, action] = v.split(":");
      if (!RESOURCES.includes(resource as Resource) || !ACTIONS.includes(action as Action)) {
        ctx.addIssue({ code: "custom", message: `unknown permission ${v}` });
      }
    }
    const map: PermissionMap = {};
    for (const r of RESOURCES) {
      const actions = ACTIONS.filter((a) => chosen.has(`${r}:${a}`));
      if (actions.length) map[r] = actions;
    }
    return map;
  });

const roleName = z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters");

/** Creates a custom role, then opens it so its permissions can be set. */
export const createRole = tenantAction(
  { input: z.object({ name: roleName, description: optionalText(500), permissions: permissionList }), permission: ["ROLE", "CREATE"] },
  async ({ input, ctx, tenantId }) => {
    const role = await withTenant(ctx, async (tx) => {
      const created = await insertRole(tx, { tenantId, name: input.name, description: input.description ?? null, permissions: input.permissions });
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "ROLE", resourceId: created.id, detail: { name: created.name } });
      return created;
    });
    redirect(`/ui/${tenantId}/roles/${role.id}`);
  },
);

/** Saves a role's name, description and permission matrix. Managed roles keep their name. */
export const updateRole = tenantAction(
  {
    input: z.object({ roleId: z.string().min(1).max(64), name: roleName.optional(), description: optionalText(500), permissions: permissionList }),
    permission: ["ROLE", "UPDATE"],
  },
  async ({ input, ctx, tenantId }) =>
    withTenant(ctx, async (tx) => {
      const current = await getRole(tx, { id: input.roleId });
      if (!current) throw new ActionError("This role no longer exists.");
      const name = current.managed ? current.name : (input.name ?? current.name);
      const patch = { name, description: input.description ?? null, permissions: input.permissions };
      await saveRole(tx, input.roleId, patch);
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "UPDATE", resourceType: "ROLE", resourceId: input.roleId, detail: patch });
    }),
);

/** Deletes a custom role (and, by cascade, its bindings); managed roles stay. */
export const deleteRole = tenantAction(
  { input: z.object({ roleId: z.string().min(1).max(64) }), permission: ["ROLE", "DELETE"] },
  async ({ input, ctx, tenantId }) => {
    await withTenant(ctx, async (tx) => {
      const role = await getRole(tx, { id: input.roleId });
      if (!role) throw new ActionError("This role no longer exists.");
      if (role.managed) throw new ActionError(`${role.name} is a managed role and cannot be deleted.`);
      await removeRole(tx, { id: input.roleId });
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "ROLE", resourceId: input.roleId, detail: { name: role.name } });
    });
    redirect(`/ui/${tenantId}/roles`);
  },
);

"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { ACTIONS, RESOURCES, type Action, type PermissionMap, type Resource } from "@/lib/permissions";
import * as roles from "@/lib/server/roles";
import { optionalText, tenantAction } from "./wrapper";

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
  async ({ input, actor, tenantId }) => {
    const role = await roles.createRole(actor, { name: input.name, description: input.description ?? null, permissions: input.permissions });
    redirect(`/ui/${tenantId}/roles/${role.id}`);
  },
);

/** Saves a role's name, description and permission matrix. Managed roles keep their name (their form sends none). */
export const updateRole = tenantAction(
  {
    input: z.object({ roleId: z.string().min(1).max(64), name: roleName.optional(), description: optionalText(500), permissions: permissionList }),
    permission: ["ROLE", "UPDATE"],
  },
  async ({ input, actor }) => {
    await roles.updateRole(actor, { id: input.roleId, patch: { name: input.name, description: input.description ?? null, permissions: input.permissions } });
  },
);

/** Deletes a custom role (and, by cascade, its bindings); managed roles stay. */
export const deleteRole = tenantAction({ input: z.object({ roleId: z.string().min(1).max(64) }), permission: ["ROLE", "DELETE"] }, async ({ input, actor, tenantId }) => {
  await roles.deleteRole(actor, { id: input.roleId });
  redirect(`/ui/${tenantId}/roles`);
});

"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { namespaceSchema } from "@/lib/api/schemas";
import { createBinding } from "@/lib/server/bindings";
import { addGroupMember, createGroup as create, deleteGroup as remove, removeGroupMember, updateGroup as update } from "@/lib/server/groups";
import { optionalText, tenantAction } from "./wrapper";

/** The groups page's adapters over the group use cases (lib/server/groups). */

const id = z.string().min(1).max(64);
const groupName = z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters");
const optionalNamespace = optionalText(150).pipe(namespaceSchema.optional());

export const createGroup = tenantAction(
  { input: z.object({ name: groupName, description: optionalText(500) }), permission: ["GROUP", "CREATE"] },
  async ({ input, actor }) => {
    const group = await create(actor, { name: input.name, description: input.description ?? null });
    return { id: group.id, name: group.name };
  },
);

export const updateGroup = tenantAction(
  { input: z.object({ groupId: id, name: groupName, description: optionalText(500) }), permission: ["GROUP", "UPDATE"] },
  async ({ input, actor }) => {
    await update(actor, { id: input.groupId, patch: { name: input.name, description: input.description ?? null } });
  },
);

export const deleteGroup = tenantAction({ input: z.object({ groupId: id }), permission: ["GROUP", "DELETE"] }, async ({ input, actor }) => {
  await remove(actor, { id: input.groupId });
  redirect(`/ui/${actor.tenantId}/access/groups`);
});

export const addMember = tenantAction(
  { input: z.object({ groupId: id, userId: z.string().min(1, "Choose a member").max(64) }), permission: ["GROUP", "UPDATE"] },
  async ({ input, actor }) => {
    await addGroupMember(actor, { groupId: input.groupId, userId: input.userId });
  },
);

export const removeMember = tenantAction({ input: z.object({ groupId: id, userId: id }), permission: ["GROUP", "UPDATE"] }, async ({ input, actor }) => {
  await removeGroupMember(actor, { groupId: input.groupId, userId: input.userId });
});

/** Binds a role to the group, for the whole tenant or one namespace (and its children). */
export const bindGroupRole = tenantAction(
  { input: z.object({ groupId: id, roleId: z.string().min(1, "Choose a role").max(64), namespaceId: optionalNamespace }), permission: ["BINDING", "CREATE"] },
  async ({ input, actor }) => {
    const binding = await createBinding(actor, { type: "GROUP", externalId: input.groupId, roleId: input.roleId, namespaceId: input.namespaceId });
    return { id: binding.id };
  },
);

"use server";

import { z } from "zod";
import { namespaceSchema } from "@/lib/api/schemas";
import { grantTenantAccess, revokeTenantAccess } from "@/lib/server/access";
import { createBinding, deleteBinding } from "@/lib/server/bindings";
import { optionalText, tenantAction } from "./wrapper";

/** The members page's adapters over the access and binding use cases (lib/server). */

const id = z.string().min(1).max(64);
const optionalNamespace = optionalText(150).pipe(namespaceSchema.optional());

/** Grants a user access to the tenant by email, optionally binding a role in the same step. */
export const grantAccess = tenantAction(
  {
    input: z.object({ email: z.email("Enter a valid email address").max(320), roleId: optionalText(64), namespaceId: optionalNamespace }),
    permission: ["TENANT_ACCESS", "CREATE"],
  },
  async ({ input, actor }) => {
    const role = input.roleId ? { roleId: input.roleId, namespaceId: input.namespaceId } : undefined;
    const { access, created } = await grantTenantAccess(actor, { email: input.email, role });
    return { email: access.email, created };
  },
);

/** Revokes a user's access and their role bindings in the tenant. */
export const revokeAccess = tenantAction({ input: z.object({ userId: id }), permission: ["TENANT_ACCESS", "DELETE"] }, async ({ input, actor }) => {
  await revokeTenantAccess(actor, { userId: input.userId });
});

/** Binds a role to a member, for the whole tenant or one namespace (and its children). */
export const addBinding = tenantAction(
  { input: z.object({ userId: id, roleId: z.string().min(1, "Choose a role").max(64), namespaceId: optionalNamespace }), permission: ["BINDING", "CREATE"] },
  async ({ input, actor }) => {
    await createBinding(actor, { type: "USER", externalId: input.userId, roleId: input.roleId, namespaceId: input.namespaceId });
  },
);

/** Removes one role binding. */
export const removeBinding = tenantAction({ input: z.object({ bindingId: id }), permission: ["BINDING", "DELETE"] }, async ({ input, actor }) => {
  await deleteBinding(actor, { id: input.bindingId });
});

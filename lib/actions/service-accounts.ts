"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { namespaceSchema } from "@/lib/api/schemas";
import { createBinding } from "@/lib/server/bindings";
import {
  createServiceAccount as create,
  createServiceAccountToken,
  deleteServiceAccount as remove,
  deleteServiceAccountTokenOf,
  updateServiceAccount as update,
} from "@/lib/server/service-accounts";
import { optionalText, tenantAction } from "./wrapper";

/** The service accounts page's adapters over lib/server/service-accounts. */

const id = z.string().min(1).max(64);
const accountName = z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters");
const optionalNamespace = optionalText(150).pipe(namespaceSchema.optional());

export const createServiceAccount = tenantAction(
  { input: z.object({ name: accountName, description: optionalText(500) }), permission: ["SERVICE_ACCOUNT", "CREATE"] },
  async ({ input, actor }) => {
    const account = await create(actor, { name: input.name, description: input.description ?? null });
    return { id: account.id, name: account.name };
  },
);

export const updateServiceAccount = tenantAction(
  { input: z.object({ serviceAccountId: id, name: accountName, description: optionalText(500) }), permission: ["SERVICE_ACCOUNT", "UPDATE"] },
  async ({ input, actor }) => {
    await update(actor, { id: input.serviceAccountId, patch: { name: input.name, description: input.description ?? null } });
  },
);

export const deleteServiceAccount = tenantAction({ input: z.object({ serviceAccountId: id }), permission: ["SERVICE_ACCOUNT", "DELETE"] }, async ({ input, actor }) => {
  await remove(actor, { id: input.serviceAccountId });
  redirect(`/ui/${actor.tenantId}/access/service-accounts`);
});

export const bindServiceAccountRole = tenantAction(
  { input: z.object({ serviceAccountId: id, roleId: z.string().min(1, "Choose a role").max(64), namespaceId: optionalNamespace }), permission: ["BINDING", "CREATE"] },
  async ({ input, actor }) => {
    const binding = await createBinding(actor, { type: "SERVICE_ACCOUNT", externalId: input.serviceAccountId, roleId: input.roleId, namespaceId: input.namespaceId });
    return { id: binding.id };
  },
);

/** Issues a token; the full value is returned this once. */
export const createAccountToken = tenantAction(
  {
    input: z.object({
      serviceAccountId: id,
      name: z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters"),
      description: optionalText(500),
      expiresInDays: z.enum(["", "7", "30", "90", "365"], { message: "Choose an expiry" }).default(""),
    }),
    permission: ["SERVICE_ACCOUNT", "UPDATE"],
  },
  async ({ input, actor }) => {
    const maxAgeSeconds = input.expiresInDays ? Number(input.expiresInDays) * 86400 : null;
    const token = await createServiceAccountToken(actor, { serviceAccountId: input.serviceAccountId, name: input.name, description: input.description ?? null, maxAgeSeconds });
    return { id: token.id, name: token.name, fullToken: token.fullToken };
  },
);

export const revokeAccountToken = tenantAction({ input: z.object({ serviceAccountId: id, tokenId: id }), permission: ["SERVICE_ACCOUNT", "UPDATE"] }, async ({ input, actor }) => {
  await deleteServiceAccountTokenOf(actor, { serviceAccountId: input.serviceAccountId, tokenId: input.tokenId });
});

"use server";

import { z } from "zod";
import { namespaceSchema } from "@/lib/api/schemas";
import { secretKeySchema } from "@/lib/api/secrets";
import { putSecret, removeSecret } from "@/lib/server/secrets";
import { optionalText, tenantAction } from "./wrapper";

/**
 * The namespace page's Secrets tab: add or replace (one form; the value is never sent back to
 * the page) and delete. Adapters over lib/server/secrets.
 */
export const saveSecret = tenantAction(
  {
    input: z.object({
      namespace: namespaceSchema,
      key: secretKeySchema,
      value: z.string().min(1, "Enter a value").max(65_536, "At most 65536 characters"),
      description: optionalText(1024),
    }),
    permission: ["SECRET", "CREATE"],
  },
  async ({ input, actor }) => {
    const { created } = await putSecret(actor, { namespace: input.namespace, key: input.key, value: input.value, description: input.description ?? null });
    return { id: input.key, created };
  },
);

export const deleteSecretAction = tenantAction(
  { input: z.object({ namespace: namespaceSchema, key: secretKeySchema }), permission: ["SECRET", "DELETE"] },
  async ({ input, actor }) => {
    await removeSecret(actor, { namespace: input.namespace, key: input.key });
  },
);

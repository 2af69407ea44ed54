import { z } from "zod";
import type { SecretMeta } from "@/db/queries/secrets";
import { namespaceSchema } from "./schemas";

export const secretKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/, "must be letters, digits, _, . or -");

const tag = z.strictObject({ key: z.string().min(1).max(255), value: z.string().max(1024) });
/** A value is at most 64 KiB; the message never repeats it. */
const value = z.string().min(1, "must not be empty").max(65_536, "must be at most 65536 characters");

export const secretParams = z.object({ namespace: namespaceSchema, key: secretKeySchema.optional() });

/** Kestra's ApiSecretValue (PUT). */
export const putSecretBody = z.strictObject({
  key: secretKeySchema,
  value,
  description: z.string().max(1024).nullable().optional(),
  tags: z.array(tag).max(50).optional(),
});

/** PATCH: a new value and/or description and tags. */
export const patchSecretBody = z
  .strictObject({
    key: secretKeySchema.optional(),
    value: value.optional(),
    description: z.string().max(1024).nullable().optional(),
    tags: z.array(tag).max(50).optional(),
  })
  .refine((b) => b.value !== undefined || b.description !== undefined || b.tags !== undefined, { message: "give value, description or tags" });

/** Kestra's ApiSecretMeta, plus when it changed; never a value. */
export function publicSecret(s: SecretMeta) {
  return { key: s.key, description: s.description, tags: s.tags, creationDate: s.createdAt.toISOString(), updateDate: s.updatedAt.toISOString() };
}

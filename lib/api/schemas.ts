import { z } from "zod";
import { ACTIONS, RESOURCES } from "@/lib/permissions";
import { tenantIdSchema } from "@/lib/tenancy";
import { isNetwork } from "@/engine/net/policy";

/** Request bodies of the instance and access endpoints (API.md). Strict: unknown fields are a 422. */

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1f8a70");
const name = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

export const tenantCreateBody = z.strictObject({ id: tenantIdSchema, name, color: color.optional() });
/** The superadmin's per-tenant settings (TenantSettings); a key given replaces its value, an absent key stays. */
const tenantSettingsBody = z.strictObject({
  allowedNetworks: z
    .array(z.string().trim().refine(isNetwork, "must be an IP address or a CIDR range such as 10.0.0.0/8"))
    .max(100, "at most 100 ranges")
    .optional(),
  scriptNetwork: z.boolean().optional(),
  /** `{{ envs.name }}` for this tenant only. */
  envs: z
    .record(z.string().regex(/^[a-z0-9_]{1,64}$/, "must be lower-case letters, digits or _ (as {{ envs.name }} reads it)"), z.string().max(4096))
    .refine((r) => Object.keys(r).length <= 200, "at most 200 variables")
    .optional(),
});
export const tenantUpdateBody = z.strictObject({ name: name.optional(), color: color.optional(), id: z.string().optional(), settings: tenantSettingsBody.optional() });

const email = z.email("must be an email address").max(320);
const password = z.string().min(8, "must be at least 8 characters").max(1024);
const personName = z.string().trim().max(100).nullable().optional();

export const userCreateBody = z.strictObject({
  email,
  password,
  firstName: personName,
  lastName: personName,
  superAdmin: z.boolean().optional(),
});
export const userUpdateBody = z.strictObject({
  email: email.optional(),
  password: password.optional(),
  firstName: personName,
  lastName: personName,
  superAdmin: z.boolean().optional(),
});

export const apiTokenBody = z.strictObject({
  name: name,
  description: z.string().max(500).nullable().optional(),
  /** Lifetime as an ISO-8601 duration (`PT720H`, `P30D`) or seconds; none for no expiry. */
  maxAge: z.union([z.string().regex(/^P/, "must be an ISO-8601 duration such as P30D"), z.number().int().positive()]).nullable().optional(),
  extended: z.boolean().optional(),
});

export const tenantAccessBody = z
  .strictObject({ email: email.optional(), userId: z.string().min(1).max(64).optional() })
  .refine((b) => Boolean(b.email) !== Boolean(b.userId), { message: "give exactly one of email or userId", path: ["email"] });

const permissionsSchema = z.partialRecord(z.enum(RESOURCES), z.array(z.enum(ACTIONS)).max(ACTIONS.length));

export const roleBody = z.strictObject({
  name,
  description: z.string().max(500).nullable().optional(),
  permissions: permissionsSchema,
});
export const roleUpdateBody = z.strictObject({
  name: name.optional(),
  description: z.string().max(500).nullable().optional(),
  permissions: permissionsSchema.optional(),
  id: z.string().optional(),
  managed: z.boolean().optional(),
});

export const namespaceSchema = z.string().max(150).regex(/^[a-z0-9][a-z0-9._-]*$/, "must be a namespace such as company.team");

export const bindingBody = z.strictObject({
  type: z.enum(["USER", "GROUP"]),
  externalId: z.string().min(1).max(64),
  roleId: z.string().min(1).max(64),
  namespaceId: namespaceSchema.nullable().optional(),
});

/** Seconds from an ISO-8601 duration (days and time parts; years and months are refused). */
export function durationSeconds(value: string | number): number | null {
  if (typeof value === "number") return value;
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m || value === "P" || value.endsWith("T")) return null;
  const [, w, d, h, min, s] = m;
  return Number(w ?? 0) * 604800 + Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

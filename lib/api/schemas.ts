import { z } from "zod";
import { ACTIONS, RESOURCES } from "@/lib/permissions";
import { tenantIdSchema } from "@/lib/tenancy";
import { isNetwork } from "@/engine/net/policy";

/**
 * Request bodies of the instance and access endpoints (API.md). Strict: unknown fields are a 422.
 * Every field of the Kestra model a route receives (kestra-io/client-sdk, javascript-sdk
 * src/model) is accepted: honoured where it means something here, else ignored
 * (`kestraIgnored`, listed in the README's "Kestra's clients" section).
 */

/** A field of Kestra's model with no meaning here: accepted, ignored. */
export const kestraIgnored = () => z.unknown().optional().meta({ description: "Kestra field, accepted and ignored" });
/** A Kestra flag we cannot grant from this route: `false` (or absent) is accepted, `true` is refused naming the field. */
const mustBeFalse = (why: string) => z.boolean().refine((v) => !v, why).optional();

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #1f8a70");
const name = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

/** Kestra's Tenant model beyond id and name: isolation, storage and secret backends, worker group (ignored). */
const kestraTenantFields = {
  deleted: mustBeFalse("a tenant is deleted with DELETE, not created or updated as deleted"),
  storageIsolation: kestraIgnored(),
  secretIsolation: kestraIgnored(),
  workerGroup: kestraIgnored(),
  storageType: kestraIgnored(),
  storageConfiguration: kestraIgnored(),
  secretType: kestraIgnored(),
  secretReadOnly: kestraIgnored(),
  secretConfiguration: kestraIgnored(),
  requireExistingNamespace: kestraIgnored(),
  outputsInInternalStorage: kestraIgnored(),
};

export const tenantCreateBody = z.strictObject({ id: tenantIdSchema, name, color: color.optional(), ...kestraTenantFields });
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
export const tenantUpdateBody = z.strictObject({ name: name.optional(), color: color.optional(), id: z.string().optional(), settings: tenantSettingsBody.optional(), ...kestraTenantFields });

const email = z.email("must be an email address").max(320);
const password = z.string().min(8, "must be at least 8 characters").max(1024);
const personName = z.string().trim().max(100).nullable().optional();

/** Kestra's IAMUserControllerApiCreateOrUpdateUserRequest beyond the person: tenant access and groups are given per tenant here (ignored). */
const kestraUserFields = { tenants: kestraIgnored(), groups: kestraIgnored(), restricted: kestraIgnored() };

export const userCreateBody = z.strictObject({
  email,
  password,
  firstName: personName,
  lastName: personName,
  superAdmin: z.boolean().optional(),
  ...kestraUserFields,
});
export const userUpdateBody = z.strictObject({
  email: email.optional(),
  password: password.optional(),
  firstName: personName,
  lastName: personName,
  superAdmin: z.boolean().optional(),
  ...kestraUserFields,
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

/** Kestra's permission resources that Switchyard has no use for; accepted in a role and dropped. */
const KESTRA_ONLY_RESOURCES = [
  "BLUEPRINT",
  "TEMPLATE",
  "USER",
  "IMPERSONATE",
  "SETTING",
  "INFRASTRUCTURE",
  "APP",
  "APPEXECUTION",
  "TEST",
  "DASHBOARD",
  "INVITATION",
  "GROUP_MEMBERSHIP",
  "UNKNOWN",
] as const;

const actionList = z.array(z.enum(ACTIONS)).max(ACTIONS.length);

const permissionsSchema = z
  .strictObject({
    ...Object.fromEntries(RESOURCES.map((r) => [r, actionList.optional()])),
    ...Object.fromEntries(KESTRA_ONLY_RESOURCES.map((r) => [r, z.array(z.string().max(20)).max(10).nullable().optional().meta({ description: "Kestra resource, accepted and ignored" })])),
  })
  .transform((p) => Object.fromEntries(Object.entries(p).filter(([k, v]) => (RESOURCES as readonly string[]).includes(k) && v !== undefined)) as Partial<Record<(typeof RESOURCES)[number], (typeof ACTIONS)[number][]>>);

export const roleBody = z.strictObject({
  name,
  description: z.string().max(500).nullable().optional(),
  permissions: permissionsSchema,
  isDefault: kestraIgnored(),
});
export const roleUpdateBody = z.strictObject({
  name: name.optional(),
  description: z.string().max(500).nullable().optional(),
  permissions: permissionsSchema.optional(),
  id: z.string().optional(),
  managed: z.boolean().optional(),
  isDefault: kestraIgnored(),
});

export const namespaceSchema = z.string().max(150).regex(/^[a-z0-9][a-z0-9._-]*$/, "must be a namespace such as company.team");

export const bindingBody = z.strictObject({
  type: z.enum(["USER", "GROUP", "SERVICE_ACCOUNT"]),
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

const description = z.string().max(500, "must be at most 500 characters").nullable().optional();

const ids = z.array(z.string().min(1).max(64)).max(100);

/** Kestra's IAMGroupControllerApiCreateGroupRequest: `membersId` (members of the tenant) are added. */
export const groupBody = z.strictObject({ name, description, membersId: ids.optional() });
/** Kestra's IAMGroupControllerApiUpdateGroupRequest. */
export const groupUpdateBody = z.strictObject({ name: name.optional(), description });

/**
 * Kestra's IAMServiceAccountControllerApiServiceAccountRequest. A tenant's service account
 * is never a superadmin, and belongs to no group here (bind roles to it instead).
 */
const kestraServiceAccountFields = {
  superAdmin: mustBeFalse("a tenant's service account cannot be a superadmin"),
  groups: z
    .array(z.looseObject({ id: z.string() }))
    .max(0, "service accounts join no groups here; bind roles to the service account instead")
    .optional(),
};
export const serviceAccountBody = z.strictObject({ name, description, ...kestraServiceAccountFields });
export const serviceAccountUpdateBody = z.strictObject({ name: name.optional(), description, ...kestraServiceAccountFields });

/**
 * `{email, bindings?}` (API.md), or Kestra's IAMInvitationControllerApiInvitationCreateRequest:
 * `roles: [{id, namespaces}]` become bindings (one per namespace, or the whole tenant),
 * `groups` are joined on acceptance; `createUserIfNotExist` is ignored (a superadmin creates
 * accounts); `superAdmin: true` is refused.
 */
export const invitationBody = z.strictObject({
  email,
  bindings: z
    .array(z.strictObject({ roleId: z.string().min(1).max(64), namespaceId: namespaceSchema.nullable().optional() }))
    .max(20, "at most 20 bindings")
    .optional(),
  roles: z
    .array(z.strictObject({ id: z.string().min(1).max(64), namespaces: z.array(namespaceSchema).max(20).nullable().optional() }))
    .max(20, "at most 20 roles")
    .optional(),
  groups: z.array(z.string().min(1).max(64)).max(20, "at most 20 groups").optional(),
  createUserIfNotExist: kestraIgnored(),
  superAdmin: mustBeFalse("an invitation cannot make a superadmin"),
});

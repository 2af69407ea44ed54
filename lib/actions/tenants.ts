"use server";

import { z } from "zod";
import * as tenants from "@/lib/server/tenants";
import { tenantIdSchema } from "@/lib/tenancy";
import { isNetwork } from "@/engine/net/policy";
import { forgetNetworkPolicy } from "@/engine/net/tenant-policy";
import { ActionError, superadminAction } from "./wrapper";

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a colour like #1f8a70");
const name = z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters");

/** Creates a tenant with its managed roles (Admin, Editor, Launcher, Viewer). */
export const createTenant = superadminAction({ input: z.object({ id: tenantIdSchema, name, color }) }, async ({ input, user }) => {
  const tenant = await tenants.createTenant({ userId: user.id, superAdmin: user.superAdmin }, input);
  return { id: tenant.id };
});

/** One address or CIDR range a line; blank lines ignored. */
const networks = z
  .string()
  .max(10_000)
  .transform((text) => text.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().refine(isNetwork, "Write one IP address or CIDR range (such as 10.0.0.0/8) a line")).max(100, "At most 100 ranges"));

/** Renames a tenant, changes its colour or its settings (script network, reachable networks); the id never changes. */
export const updateTenant = superadminAction(
  // The form always shows the checkbox: absent means unchecked.
  { input: z.object({ id: z.string().min(1).max(64), name, color, scriptNetwork: z.enum(["on", "true"]).optional(), allowedNetworks: networks.optional() }) },
  async ({ input, user }) => {
    const patch = {
      name: input.name,
      color: input.color,
      settings: { scriptNetwork: input.scriptNetwork !== undefined, ...(input.allowedNetworks ? { allowedNetworks: input.allowedNetworks } : {}) },
    };
    await tenants.updateTenant({ userId: user.id, superAdmin: user.superAdmin }, { id: input.id, patch });
    forgetNetworkPolicy(input.id);
  },
);

/** Deletes a tenant once its id has been typed again. */
export const deleteTenant = superadminAction({ input: z.object({ id: z.string().min(1).max(64), confirm: z.string().trim() }) }, async ({ input, user }) => {
  if (input.confirm !== input.id) throw new ActionError("Type the tenant id to confirm.", { confirm: `type ${input.id}` });
  await tenants.deleteTenant({ userId: user.id, superAdmin: user.superAdmin }, { id: input.id });
});

/** A quota field of the form: empty for the instance default, else a whole number in range. */
const quotaField = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((v) => (v ? v.replace(/[_\s]/g, "") : ""))
    .pipe(z.union([z.literal("").transform(() => null), z.string().regex(/^\d+$/, `Enter ${what}, or leave empty`).transform(Number).pipe(z.number().int().min(1, "Enter at least 1").max(max, `At most ${max}`))]));

/** Sets a tenant's quotas (empty: the instance default); queued executions a higher quota lets run start at once. */
export const updateTenantQuotas = superadminAction(
  {
    input: z.object({
      id: z.string().min(1).max(64),
      maxRunningExecutions: quotaField(1_000_000, "a number of executions"),
      requestsPerSecond: quotaField(1_000_000, "requests per second"),
      storageBytes: quotaField(Number.MAX_SAFE_INTEGER, "a number of bytes"),
      retentionDays: quotaField(36_500, "a number of days"),
    }),
  },
  async ({ input, user }) => {
    const { id, ...quotas } = input;
    await tenants.setTenantQuotas({ userId: user.id, superAdmin: user.superAdmin }, { id, quotas });
  },
);

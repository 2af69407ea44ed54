"use server";

import { z } from "zod";
import * as tenants from "@/lib/server/tenants";
import { tenantIdSchema } from "@/lib/tenancy";
import { ActionError, superadminAction } from "./wrapper";

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a colour like #1f8a70");
const name = z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters");

/** Creates a tenant with its managed roles (Admin, Editor, Launcher, Viewer). */
export const createTenant = superadminAction({ input: z.object({ id: tenantIdSchema, name, color }) }, async ({ input, user }) => {
  const tenant = await tenants.createTenant({ userId: user.id, superAdmin: user.superAdmin }, input);
  return { id: tenant.id };
});

/** Renames a tenant, changes its colour or its settings; the id never changes. */
export const updateTenant = superadminAction(
  // The form always shows the checkbox: absent means unchecked.
  { input: z.object({ id: z.string().min(1).max(64), name, color, scriptNetwork: z.enum(["on", "true"]).optional() }) },
  async ({ input, user }) => {
    const patch = { name: input.name, color: input.color, settings: { scriptNetwork: input.scriptNetwork !== undefined } };
    await tenants.updateTenant({ userId: user.id, superAdmin: user.superAdmin }, { id: input.id, patch });
  },
);

/** Deletes a tenant once its id has been typed again. */
export const deleteTenant = superadminAction({ input: z.object({ id: z.string().min(1).max(64), confirm: z.string().trim() }) }, async ({ input, user }) => {
  if (input.confirm !== input.id) throw new ActionError("Type the tenant id to confirm.", { confirm: `type ${input.id}` });
  await tenants.deleteTenant({ userId: user.id, superAdmin: user.superAdmin }, { id: input.id });
});

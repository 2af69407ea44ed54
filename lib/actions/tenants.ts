"use server";

import { z } from "zod";
import { asSuperadmin } from "@/db/tenant";
import { createTenant as insertTenant, deleteTenant as removeTenant, getTenant, updateTenant as saveTenant } from "@/db/queries/tenants";
import { tenantIdSchema } from "@/lib/tenancy";
import { ActionError, superadminAction } from "./wrapper";

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "Pick a colour like #1f8a70");
const name = z.string().trim().min(1, "Enter a name").max(100, "must be at most 100 characters");

/** Creates a tenant with its managed roles (Admin, Editor, Launcher, Viewer). */
export const createTenant = superadminAction(
  { input: z.object({ id: tenantIdSchema, name, color }) },
  async ({ input, user }) => {
    const tenant = await asSuperadmin(
      { actorId: user.id, action: "CREATE", targetType: "TENANT", targetId: input.id, tenantId: input.id },
      async (tx) => ((await getTenant(tx, { id: input.id, includeDeleted: true })) ? null : insertTenant(tx, input)),
    );
    if (!tenant) throw new ActionError(`Tenant ${input.id} already exists (ids of deleted tenants stay taken).`, { id: "already exists" });
    return { id: tenant.id };
  },
);

/** Renames a tenant, changes its colour or its settings; the id never changes. */
export const updateTenant = superadminAction(
  // The form always shows the checkbox: absent means unchecked.
  { input: z.object({ id: z.string().min(1).max(64), name, color, scriptNetwork: z.enum(["on", "true"]).optional() }) },
  async ({ input, user }) => {
    const patch = { name: input.name, color: input.color, settings: { scriptNetwork: input.scriptNetwork !== undefined } };
    const tenant = await asSuperadmin(
      { actorId: user.id, action: "UPDATE", targetType: "TENANT", targetId: input.id, detail: JSON.stringify(patch) },
      (tx) => saveTenant(tx, input.id, patch),
    );
    if (!tenant) throw new ActionError(`Tenant ${input.id} no longer exists.`);
  },
);

/** Deletes a tenant once its id has been typed again. */
export const deleteTenant = superadminAction(
  { input: z.object({ id: z.string().min(1).max(64), confirm: z.string().trim() }) },
  async ({ input, user }) => {
    if (input.confirm !== input.id) throw new ActionError("Type the tenant id to confirm.", { confirm: `type ${input.id}` });
    const tenant = await asSuperadmin({ actorId: user.id, action: "DELETE", targetType: "TENANT", targetId: input.id }, (tx) =>
      removeTenant(tx, input.id),
    );
    if (!tenant) throw new ActionError(`Tenant ${input.id} no longer exists.`);
  },
);

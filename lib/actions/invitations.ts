"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { namespaceSchema } from "@/lib/api/schemas";
import { answerInvitationAs, createInvitation, deleteInvitation } from "@/lib/server/invitations";
import { optionalText, tenantAction, userAction } from "./wrapper";

/** Invitations: the tenant admin's side (invite, withdraw) and the invitee's (accept, decline). */

const id = z.string().min(1).max(64);
const optionalNamespace = optionalText(150).pipe(namespaceSchema.optional());

/** Invites an e-mail, optionally with a role; the answer never says whether an account exists. */
export const inviteMember = tenantAction(
  {
    input: z.object({ email: z.email("Enter a valid email address").max(320), roleId: optionalText(64), namespaceId: optionalNamespace }),
    permission: ["TENANT_ACCESS", "CREATE"],
  },
  async ({ input, actor }) => {
    const bindings = input.roleId ? [{ roleId: input.roleId, namespaceId: input.namespaceId ?? null }] : [];
    const invitation = await createInvitation(actor, { email: input.email, bindings });
    return { id: invitation.id, email: invitation.email };
  },
);

export const withdrawInvitation = tenantAction({ input: z.object({ invitationId: id }), permission: ["TENANT_ACCESS", "DELETE"] }, async ({ input, actor }) => {
  await deleteInvitation(actor, { id: input.invitationId });
});

/** The signed-in user accepts or declines one of their invitations. */
export const answerInvitation = userAction(
  { input: z.object({ tenantId: id, invitationId: id, answer: z.enum(["accept", "decline"]) }) },
  async ({ input, user }) => {
    await answerInvitationAs(user, { tenantId: input.tenantId, id: input.invitationId, accept: input.answer === "accept" });
    // The tenant switcher and the home page list the tenants one may enter.
    revalidatePath("/", "layout");
    return { tenantId: input.tenantId, accepted: input.answer === "accept" };
  },
);

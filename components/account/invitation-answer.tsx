"use client";

import { useRouter } from "next/navigation";
import { answerInvitation } from "@/lib/actions/invitations";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";

/** Accepts an invitation, then opens the tenant. */
export function InvitationAnswer({ tenantId, invitationId, tenantName }: { tenantId: string; invitationId: string; tenantName: string }) {
  const router = useRouter();
  return (
    <ActionForm
      action={answerInvitation}
      hidden={{ tenantId, invitationId, answer: "accept" }}
      aria-label={`Accept the invitation to ${tenantName}`}
      onSuccess={() => router.push(`/ui/${tenantId}`)}
    >
      {() => (
        <SubmitButton size="sm" pendingText="Joining…">
          Accept
        </SubmitButton>
      )}
    </ActionForm>
  );
}

import { withUser } from "@/db/tenant";
import { myPendingInvitations } from "@/db/queries/iam";
import { answerInvitation } from "@/lib/actions/invitations";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { InvitationAnswer } from "./invitation-answer";

/**
 * The signed-in user's pending invitations, as a banner: accept (tenant access and the
 * invited roles) or decline. Nothing is granted before they accept.
 */
export async function PendingInvitations({ userId }: { userId: string }) {
  const invitations = await withUser(userId, (tx) => myPendingInvitations(tx));
  if (invitations.length === 0) return null;
  return (
    <section aria-label="Invitations" className="mb-4 space-y-2">
      {invitations.map((i) => (
        <div key={i.id} data-invitation={i.tenantId} className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-[13px]">
          <p>
            You are invited to join <strong>{i.tenantName}</strong> <code className="text-[12px] text-zinc-500">{i.tenantId}</code>
            {i.bindings.length > 0 && <> with {i.bindings.length === 1 ? "a role" : `${i.bindings.length} roles`}</>}.
          </p>
          <div className="flex items-center gap-2">
            <InvitationAnswer tenantId={i.tenantId} invitationId={i.id} tenantName={i.tenantName} />
            <ConfirmButton
              action={answerInvitation}
              hidden={{ tenantId: i.tenantId, invitationId: i.id, answer: "decline" }}
              label="Decline"
              ariaLabel={`Decline the invitation to ${i.tenantName}`}
              title="Decline this invitation?"
              description={<>You will not join {i.tenantName}. An admin there can invite you again.</>}
              confirmLabel="Decline"
            />
          </div>
        </div>
      ))}
    </section>
  );
}

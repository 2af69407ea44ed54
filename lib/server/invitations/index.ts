/** Invitations into a tenant (issue 10, finding 6), one operation per file. */
export { createInvitation, INVITATION_DAYS } from "./create";
export { deleteInvitation } from "./delete";
export { answerInvitationAs } from "./answer";

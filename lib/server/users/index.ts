/** What superadmins do to user accounts, one operation per file (audited in the instance log). */
export { createUserAccount } from "./create";
export { updateUser, type UserPatch } from "./update";
export { deleteUser } from "./delete";

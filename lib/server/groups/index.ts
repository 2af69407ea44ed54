/** Groups of a tenant's members, one operation per file. */
export { createGroup } from "./create";
export { updateGroup } from "./update";
export { deleteGroup } from "./delete";
export { addGroupMember, removeGroupMember } from "./members";

/** What callers do to a tenant's roles, one operation per file. */
export { createRole } from "./create";
export { updateRole, type RolePatch } from "./update";
export { deleteRole } from "./delete";

/** What callers do to a tenant's role bindings, one operation per file. */
export { createBinding, type NewBinding } from "./create";
export { deleteBinding } from "./delete";

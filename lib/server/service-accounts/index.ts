/** Service accounts of a tenant and their API tokens, one operation per file. */
export { createServiceAccount } from "./create";
export { updateServiceAccount } from "./update";
export { deleteServiceAccount } from "./delete";
export { createServiceAccountToken, deleteServiceAccountTokenOf } from "./tokens";

/** Who may enter a tenant, one operation per file. */
export { grantTenantAccess, type GrantAccess } from "./grant";
export { revokeTenantAccess } from "./revoke";

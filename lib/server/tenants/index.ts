/** What superadmins do to tenants, one operation per file (audited in the instance log). */
export { createTenant } from "./create";
export { updateTenant } from "./update";
export { deleteTenant } from "./delete";
export { getTenantQuotas, setTenantQuotas, tenantUsage } from "./quotas";

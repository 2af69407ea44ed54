/** The cookie that remembers the last tenant viewed, for /ui. */
export const TENANT_COOKIE = "sy_tenant";

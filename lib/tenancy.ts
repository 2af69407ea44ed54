import { z } from "zod";
import { idRuleMessage } from "@/lib/id-rules";
import { env } from "./env";

/**
 * Path segments that follow /api/v1/ or /ui/ for other purposes; a tenant with one of
 * these ids could never be addressed, so none may be created.
 */
const RESERVED_TENANT_IDS = new Set([
  "admin", "api", "auth", "bindings", "dashboards", "executions", "files", "flows", "instance", "kv",
  "login", "logout", "logs", "me", "metrics", "namespaces", "openapi.json", "plugins", "roles", "secrets",
  "settings", "setup", "stats", "tenant-access", "tenants", "templates", "triggers", "users", "webhooks",
]);

/** Tenant-resource path heads that, with MULTI_TENANCY=false, are served for tenant `main`. */
const TENANT_RESOURCE_HEADS = [
  "flows", "executions", "logs", "triggers", "namespaces", "roles", "bindings", "tenant-access", "plugins",
  "kv", "stats", "audit-logs", "groups", "service-accounts", "invitations",
];

export const tenantIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters")
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: (issue) => idRuleMessage("A tenant id", issue.input, { upper: false, extra: "-_" }, "staging") })
  .refine((id) => !RESERVED_TENANT_IDS.has(id), "is reserved");

export function isTenantId(value: string): boolean {
  return tenantIdSchema.safeParse(value).success;
}

export function isMultiTenant(): boolean {
  return env().MULTI_TENANCY;
}

/**
 * With MULTI_TENANCY=false, `/api/v1/flows/ns` is served as `/api/v1/main/flows/ns`;
 * returns the path to rewrite to, or null when the path already names a tenant or is
 * instance-level.
 */
export function tenantlessApiPath(pathname: string, defaultTenant: string): string | null {
  const match = /^\/api\/v1\/([^/]+)(\/.*)?$/.exec(pathname);
  if (!match || !TENANT_RESOURCE_HEADS.includes(match[1])) return null;
  return `/api/v1/${defaultTenant}/${match[1]}${match[2] ?? ""}`;
}

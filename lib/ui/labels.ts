import type { Resource } from "@/lib/permissions";

/** How the permission matrix names each resource. */
export const RESOURCE_LABELS: Record<Resource, { label: string; hint: string }> = {
  FLOW: { label: "Flows", hint: "flow definitions and revisions" },
  EXECUTION: { label: "Executions", hint: "runs, their logs and outputs" },
  TRIGGER: { label: "Triggers", hint: "schedules, webhooks, flow triggers" },
  NAMESPACE: { label: "Namespaces", hint: "namespaces and their files" },
  KVSTORE: { label: "KV store", hint: "key-value pairs" },
  SECRET: { label: "Secrets", hint: "write-only secret values" },
  ROLE: { label: "Roles", hint: "roles and their permissions" },
  BINDING: { label: "Role bindings", hint: "who holds which role" },
  TENANT_ACCESS: { label: "Tenant access", hint: "who may enter the tenant" },
  AUDITLOG: { label: "Audit log", hint: "the record of changes" },
  GROUP: { label: "Groups", hint: "groups of members and their roles" },
  SERVICE_ACCOUNT: { label: "Service accounts", hint: "machine principals and their API tokens" },
};

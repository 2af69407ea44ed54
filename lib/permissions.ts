/** Resources and actions of the permission model (DESIGN.md, tenancy model). */
export const RESOURCES = [
  "FLOW",
  "EXECUTION",
  "TRIGGER",
  "NAMESPACE",
  "KVSTORE",
  "SECRET",
  "ROLE",
  "BINDING",
  "TENANT_ACCESS",
  "AUDITLOG",
  "GROUP",
  "SERVICE_ACCOUNT",
] as const;
export const ACTIONS = ["READ", "CREATE", "UPDATE", "DELETE"] as const;

export type Resource = (typeof RESOURCES)[number];
export type Action = (typeof ACTIONS)[number];
export type PermissionMap = Partial<Record<Resource, Action[]>>;

const ALL: Action[] = [...ACTIONS];

function grant(resources: readonly Resource[], actions: Action[]): PermissionMap {
  return Object.fromEntries(resources.map((r) => [r, [...actions]]));
}

const WORK: Resource[] = ["FLOW", "EXECUTION", "TRIGGER", "NAMESPACE", "KVSTORE", "SECRET"];

/** The roles created with every tenant. They can be edited in permissions but never deleted. */
export const MANAGED_ROLES: { id: string; name: string; description: string; permissions: PermissionMap }[] = [
  { id: "admin", name: "Admin", description: "Everything in the tenant, including access management.", permissions: grant(RESOURCES, ALL) },
  {
    id: "editor",
    name: "Editor",
    description: "Writes flows, runs and manages executions, KV and secrets.",
    permissions: { ...grant(WORK, ALL), ...grant(["ROLE", "BINDING", "TENANT_ACCESS", "GROUP", "SERVICE_ACCOUNT"], ["READ"]) },
  },
  {
    id: "launcher",
    name: "Launcher",
    description: "Reads flows and starts executions.",
    permissions: { ...grant(["FLOW", "TRIGGER", "NAMESPACE"], ["READ"]), EXECUTION: ["READ", "CREATE", "UPDATE"] },
  },
  {
    id: "viewer",
    name: "Viewer",
    description: "Reads flows, executions and logs.",
    permissions: grant(["FLOW", "EXECUTION", "TRIGGER", "NAMESPACE", "KVSTORE"], ["READ"]),
  },
];

/** A role's grant as applied to one caller: the permissions and the namespace it is limited to. */
export type Grant = { permissions: PermissionMap; namespace: string | null };

/**
 * Whether any grant allows `action` on `resource`. A grant limited to a namespace covers
 * that namespace and its children (`company` covers `company.team`), and only when the
 * check names a namespace.
 */
export function allows(grants: Grant[], resource: Resource, action: Action, namespace?: string): boolean {
  return grants.some((g) => {
    if (!g.permissions[resource]?.includes(action)) return false;
    if (!g.namespace) return true;
    if (!namespace) return false;
    return namespace === g.namespace || namespace.startsWith(`${g.namespace}.`);
  });
}

/** Every permission, for superadmins. */
export const FULL_GRANT: Grant = { permissions: grant(RESOURCES, ALL), namespace: null };

/**
 * The namespaces in which grants allow `action` on `resource`: `null` when anywhere,
 * else the namespace prefixes (each also covers its children), for filtering lists.
 */
export function namespaceScope(grants: Grant[], resource: Resource, action: Action): string[] | null {
  const matching = grants.filter((g) => g.permissions[resource]?.includes(action));
  if (matching.some((g) => !g.namespace)) return null;
  return matching.map((g) => g.namespace!);
}

import { Lock } from "@/components/ui/icons";
import { Panel } from "@/components/ui/panel";

const NOUNS: Record<string, string> = {
  FLOW: "flows",
  EXECUTION: "executions",
  TRIGGER: "triggers",
  NAMESPACE: "namespaces",
  KVSTORE: "key-value entries",
  SECRET: "secrets",
  ROLE: "roles",
  BINDING: "role bindings",
  AUDITLOG: "the audit log",
  TENANT_ACCESS: "the tenant's members",
};
const VERBS: Record<string, string> = { READ: "see", CREATE: "create", UPDATE: "edit", DELETE: "delete" };

/** "FLOW:CREATE" → "create flows": a permission as a user would say it. */
function permissionInWords(permission: string): string {
  const [resource, action] = permission.split(":");
  return `${VERBS[action] ?? action.toLowerCase()} ${NOUNS[resource] ?? resource.toLowerCase()}`;
}

/**
 * What a page shows when the user may enter the tenant but not do what the page is for:
 * one statement of what they cannot do, the permission by name, and whom to ask.
 */
export function NoPermission({ what, permission, title }: { what: string; permission: string; title?: string }) {
  const words = permissionInWords(permission);
  return (
    <Panel>
      <div className="flex flex-col items-center px-6 py-12 text-center" data-testid="no-permission">
        <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-amber-50 text-amber-700">
          <Lock />
        </div>
        <h2 className="text-[14px] font-semibold">{title ?? `You cannot view ${what} in this tenant`}</h2>
        <p className="mt-1 max-w-md text-[13px] text-zinc-500">
          Your roles here do not allow you to {words} (the <code className="rounded bg-zinc-100 px-1">{permission}</code> permission). Ask a tenant admin to bind you a role
          that does.
        </p>
      </div>
    </Panel>
  );
}

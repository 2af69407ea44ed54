import type { ReactNode } from "react";
import type { Binding } from "@/db/queries/access";
import { removeBinding } from "@/lib/actions/access";
import type { FormAction } from "@/components/ui/action-form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Panel, TableWrap } from "@/components/ui/panel";
import type { RoleOption } from "./access-forms";
import { BindRoleForm } from "./iam-forms";

/**
 * The roles bound to a group or a service account: one row a binding (role, namespace, remove),
 * and the form that binds one more. The page says who loses what when a role is removed.
 */
export function RoleBindingsPanel({
  tenantId,
  bindings,
  roles,
  description,
  empty,
  testId,
  from,
  removed,
  canRemove,
  bind,
}: {
  tenantId: string;
  bindings: Binding[];
  roles: RoleOption[];
  description: string;
  empty: string;
  testId: string;
  /** Who the role is removed from, as the remove button's label says it ("the group", an account's name). */
  from: string;
  /** What removing a binding does, shown in the confirmation. */
  removed: ReactNode;
  canRemove: boolean;
  /** The bind action and its hidden fields, when the viewer may bind roles. */
  bind?: { action: FormAction; hidden: Record<string, string> };
}) {
  const roleName = new Map(roles.map((r) => [r.id, r.name]));
  return (
    <Panel className="mb-4" title="Roles" description={description}>
      <TableWrap>
        <table className="data-table" data-testid={testId}>
          <tbody>
            {bindings.length === 0 && (
              <tr>
                <td className="py-2 text-zinc-500">{empty}</td>
              </tr>
            )}
            {bindings.map((b) => (
              <tr key={b.id}>
                <td className="py-2 font-medium">{roleName.get(b.roleId) ?? b.roleId}</td>
                <td className="py-2"><code className="text-[12px]">{b.namespaceId ?? "whole tenant"}</code></td>
                <td className="text-right">
                  {canRemove && (
                    <ConfirmButton
                      action={removeBinding}
                      hidden={{ tenantId, bindingId: b.id }}
                      label="Remove"
                      ariaLabel={`Remove role ${roleName.get(b.roleId) ?? b.roleId} from ${from}`}
                      title="Remove this role?"
                      description={removed}
                      confirmLabel="Remove role"
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {bind && <BindRoleForm action={bind.action} hidden={bind.hidden} roles={roles} />}
    </Panel>
  );
}

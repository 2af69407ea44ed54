import { withTenant } from "@/db/tenant";
import { findBindings, findRoles, listTenantAccess } from "@/db/queries/access";
import { removeBinding, revokeAccess } from "@/lib/actions/access";
import { AddBindingForm, GrantAccessForm } from "@/components/tenant/access-forms";
import { NoPermission } from "@/components/shell/no-permission";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Users, X } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel, TableWrap } from "@/components/ui/panel";
import { displayName, formatDateTime } from "@/lib/ui/format";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Access");

export default async function AccessPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const { can } = page;
  const header = <PageHeader title="Access" description="Who may enter this tenant, and the roles they hold in it. Superadmins enter every tenant and are not listed." />;
  if (!can("TENANT_ACCESS", "READ")) return <>{header}<NoPermission what="who has access" permission="TENANT_ACCESS:READ" /></>;

  const canReadBindings = can("BINDING", "READ");
  const { members, bindings, roles } = await withTenant(page.ctx, async (tx) => ({
    members: await listTenantAccess(tx),
    bindings: canReadBindings ? (await findBindings(tx, { page: 1, size: 1000 })).results : [],
    roles: (await findRoles(tx, { page: 1, size: 500 })).results.map((r) => ({ id: r.id, name: r.name, managed: r.managed })),
  }));
  const roleName = new Map(roles.map((r) => [r.id, r.name]));
  const canBind = can("BINDING", "CREATE");
  const canUnbind = can("BINDING", "DELETE");
  const canRevoke = can("TENANT_ACCESS", "DELETE");

  return (
    <>
      {header}
      {can("TENANT_ACCESS", "CREATE") && (
        <Panel className="mb-4" title="Grant access" description="The person needs an account; a superadmin creates accounts under Administration.">
          <GrantAccessForm tenantId={page.tenantId} roles={roles} canBind={canBind} />
        </Panel>
      )}
      <Panel title={`Members (${members.length})`}>
        {members.length === 0 ? (
          <EmptyState icon={<Users />} title="No members yet">
            Nobody but superadmins can enter this tenant. Grant access by email above.
          </EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="members">
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  {canReadBindings && <th scope="col">Roles</th>}
                  <th scope="col" className="hidden sm:table-cell">Since</th>
                  {canRevoke && <th scope="col" className="w-0"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {members.map((m) => {
                  const own = bindings.filter((b) => b.type === "USER" && b.externalId === m.userId);
                  return (
                    <tr key={m.userId} data-member={m.email}>
                      <td className="py-2">
                        <div className="font-medium">{displayName(m)}</div>
                        <div className="text-[12px] text-zinc-500">{m.email}</div>
                      </td>
                      {canReadBindings && (
                        <td className="py-2">
                          <div className="flex flex-wrap items-center gap-1.5">
                            {own.length === 0 && <span className="text-[12px] text-zinc-500">No role</span>}
                            {own.map((b) => (
                              <span key={b.id} className="inline-flex items-center gap-1 rounded-md border border-zinc-200 bg-zinc-50 py-0.5 pr-0.5 pl-2 text-[12px]">
                                <span className="font-medium">{roleName.get(b.roleId) ?? b.roleId}</span>
                                {b.namespaceId && <code className="text-[11px] text-zinc-500">{b.namespaceId}</code>}
                                {canUnbind ? (
                                  <ConfirmButton
                                    action={removeBinding}
                                    hidden={{ tenantId: page.tenantId, bindingId: b.id }}
                                    variant="ghost"
                                    size="sm"
                                    label=""
                                    icon={<X size={12} />}
                                    ariaLabel={`Remove role ${roleName.get(b.roleId) ?? b.roleId} from ${m.email}`}
                                    title="Remove this role?"
                                    description={
                                      <>
                                        {m.email} loses the permissions of <strong>{roleName.get(b.roleId) ?? b.roleId}</strong>
                                        {b.namespaceId ? ` in ${b.namespaceId}` : ""}. Their access to the tenant stays.
                                      </>
                                    }
                                    confirmLabel="Remove role"
                                  />
                                ) : (
                                  <span className="w-1.5" />
                                )}
                              </span>
                            ))}
                            {canBind && <AddBindingForm tenantId={page.tenantId} userId={m.userId} email={m.email} roles={roles} />}
                          </div>
                        </td>
                      )}
                      <td className="hidden whitespace-nowrap text-zinc-600 sm:table-cell">{formatDateTime(m.createdAt)}</td>
                      {canRevoke && (
                        <td className="text-right">
                          <ConfirmButton
                            action={revokeAccess}
                            hidden={{ tenantId: page.tenantId, userId: m.userId }}
                            label="Revoke"
                            ariaLabel={`Revoke access of ${m.email}`}
                            title="Revoke access?"
                            description={
                              <>
                                <strong>{m.email}</strong> can no longer enter <strong>{page.tenant.name}</strong>, and loses every role here.
                              </>
                            }
                            confirmLabel="Revoke access"
                          />
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Panel>
    </>
  );
}

import { withTenant } from "@/db/tenant";
import { findBindings, findRoles, listTenantAccess } from "@/db/queries/access";
import { findInvitations, publicInvitation } from "@/db/queries/iam";
import { removeBinding, revokeAccess } from "@/lib/actions/access";
import { withdrawInvitation } from "@/lib/actions/invitations";
import { AddBindingForm, GrantAccessForm } from "@/components/tenant/access-forms";
import { AccessTabs } from "@/components/tenant/access-tabs";
import { InviteForm } from "@/components/tenant/iam-forms";
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
  const { members, bindings, roles, invitations } = await withTenant(page.ctx, async (tx) => ({
    members: await listTenantAccess(tx),
    invitations: (await findInvitations(tx, { page: 1, size: 200, status: "PENDING" })).results.map(publicInvitation).filter((i) => i.status === "PENDING"),
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
      <AccessTabs page={page} current="members" />
      {can("TENANT_ACCESS", "CREATE") && (
        <Panel
          className="mb-4"
          title="Invite"
          description="Invite someone by e-mail. Once signed in they see the invitation and accept or decline it; nothing tells you whether they have an account yet."
        >
          <InviteForm tenantId={page.tenantId} roles={roles} canBind={canBind} />
        </Panel>
      )}
      {page.user.superAdmin && (
        <Panel className="mb-4" title="Grant access directly" description="Superadmins only: adds an existing account at once, without an invitation.">
          <GrantAccessForm tenantId={page.tenantId} roles={roles} canBind={canBind} />
        </Panel>
      )}
      {invitations.length > 0 && (
        <Panel className="mb-4" title={`Pending invitations (${invitations.length})`}>
          <TableWrap>
            <table className="data-table" data-testid="invitations">
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Roles on acceptance</th>
                  <th scope="col" className="hidden sm:table-cell">Expires</th>
                  {canRevoke && <th scope="col" className="w-0"><span className="sr-only">Actions</span></th>}
                </tr>
              </thead>
              <tbody>
                {invitations.map((i) => (
                  <tr key={i.id} data-invitation={i.email}>
                    <td className="py-2 font-medium">{i.email}</td>
                    <td className="py-2 text-[12px]">
                      {i.bindings.length === 0
                        ? <span className="text-zinc-500">No role</span>
                        : i.bindings.map((b) => ("groupId" in b ? `group ${b.groupId}` : `${roleName.get(b.roleId) ?? b.roleId}${b.namespaceId ? ` in ${b.namespaceId}` : ""}`)).join(", ")}
                    </td>
                    <td className="hidden whitespace-nowrap text-zinc-600 sm:table-cell">{formatDateTime(new Date(i.expiresAt))}</td>
                    {canRevoke && (
                      <td className="text-right">
                        <ConfirmButton
                          action={withdrawInvitation}
                          hidden={{ tenantId: page.tenantId, invitationId: i.id }}
                          label="Withdraw"
                          ariaLabel={`Withdraw the invitation of ${i.email}`}
                          title="Withdraw this invitation?"
                          description={<>{i.email} can no longer accept it.</>}
                          confirmLabel="Withdraw"
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </Panel>
      )}
      <Panel title={`Members (${members.length})`}>
        {members.length === 0 ? (
          <EmptyState icon={<Users />} title="No members yet">
            Nobody but superadmins can enter this tenant. Invite people by e-mail above.
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

import Link from "next/link";
import { notFound } from "next/navigation";
import { withTenant } from "@/db/tenant";
import { findBindings, findRoles, listTenantAccess } from "@/db/queries/access";
import { findGroupMembers, getGroup } from "@/db/queries/iam";
import { bindGroupRole, deleteGroup, removeMember, updateGroup } from "@/lib/actions/groups";
import { AccessTabs } from "@/components/tenant/access-tabs";
import { AddMemberForm, NameForm } from "@/components/tenant/iam-forms";
import { RoleBindingsPanel } from "@/components/tenant/role-bindings-panel";
import { NoPermission } from "@/components/shell/no-permission";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PageHeader } from "@/components/ui/page-header";
import { Panel, TableWrap } from "@/components/ui/panel";
import { displayName } from "@/lib/ui/format";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Group");

export default async function GroupPage({ params }: { params: Promise<{ tenantId: string; groupId: string }> }) {
  const { tenantId, groupId } = await params;
  const page = await getTenantPage(tenantId);
  const { can } = page;
  if (!can("GROUP", "READ")) return <><PageHeader title="Group" /><NoPermission what="groups" permission="GROUP:READ" /></>;
  const data = await withTenant(page.ctx, async (tx) => {
    const group = await getGroup(tx, { id: groupId });
    if (!group) return null;
    return {
      group,
      members: (await findGroupMembers(tx, { groupId, page: 1, size: 1000 })).results,
      tenantMembers: can("TENANT_ACCESS", "READ") ? await listTenantAccess(tx) : [],
      bindings: can("BINDING", "READ") ? (await findBindings(tx, { page: 1, size: 1000, externalId: groupId })).results.filter((b) => b.type === "GROUP") : [],
      roles: (await findRoles(tx, { page: 1, size: 500 })).results.map((r) => ({ id: r.id, name: r.name, managed: r.managed })),
    };
  });
  if (!data) notFound();
  const { group, members, tenantMembers, bindings, roles } = data;
  const inGroup = new Set(members.map((m) => m.userId));
  const canEdit = can("GROUP", "UPDATE");
  return (
    <>
      <PageHeader
        title={group.name}
        description={group.description ?? undefined}
        eyebrow={<Link href={`/ui/${page.tenantId}/access/groups`} className="hover:underline">Groups</Link>}
      />
      <AccessTabs page={page} current="groups" />
      <RoleBindingsPanel
        tenantId={page.tenantId}
        bindings={bindings}
        roles={roles}
        description="Every member holds these roles, in the whole tenant or the namespace shown (and its children)."
        empty="No role bound to this group yet."
        testId="group-roles"
        from="the group"
        removed={<>Every member of {group.name} loses it, unless they hold it otherwise.</>}
        canRemove={can("BINDING", "DELETE")}
        bind={can("BINDING", "CREATE") ? { action: bindGroupRole, hidden: { tenantId: page.tenantId, groupId } } : undefined}
      />
      <Panel className="mb-4" title={`Members (${members.length})`}>
        <TableWrap>
          <table className="data-table" data-testid="group-members">
            <tbody>
              {members.length === 0 && (
                <tr>
                  <td className="py-2 text-zinc-500">No members yet.</td>
                </tr>
              )}
              {members.map((m) => (
                <tr key={m.userId} data-member={m.email}>
                  <td className="py-2">
                    <div className="font-medium">{displayName(m)}</div>
                    <div className="text-[12px] text-zinc-500">{m.email}</div>
                  </td>
                  <td className="text-right">
                    {canEdit && (
                      <ConfirmButton
                        action={removeMember}
                        hidden={{ tenantId: page.tenantId, groupId, userId: m.userId }}
                        label="Remove"
                        ariaLabel={`Remove ${m.email} from the group`}
                        title="Remove from the group?"
                        description={<>{m.email} loses the group&apos;s roles with their next request.</>}
                        confirmLabel="Remove member"
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {canEdit && can("TENANT_ACCESS", "READ") && (
          <AddMemberForm
            tenantId={page.tenantId}
            groupId={groupId}
            candidates={tenantMembers.filter((m) => !inGroup.has(m.userId)).map((m) => ({ id: m.userId, email: m.email }))}
          />
        )}
      </Panel>
      {canEdit && (
        <Panel className="mb-4" title="Rename">
          <NameForm action={updateGroup} hidden={{ tenantId: page.tenantId, groupId }} label="Rename group" submit="Save" initial={{ name: group.name, description: group.description }} />
        </Panel>
      )}
      {can("GROUP", "DELETE") && (
        <div className="flex justify-end">
          <ConfirmButton
            action={deleteGroup}
            hidden={{ tenantId: page.tenantId, groupId }}
            label="Delete group"
            variant="danger"
            title="Delete this group?"
            description={<>Its members lose the roles bound to {group.name}. Their own roles stay.</>}
            confirmLabel="Delete group"
          />
        </div>
      )}
    </>
  );
}

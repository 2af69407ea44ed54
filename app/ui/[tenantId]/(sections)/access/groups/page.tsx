import Link from "next/link";
import { withTenant } from "@/db/tenant";
import { findBindings, findRoles } from "@/db/queries/access";
import { findGroups } from "@/db/queries/iam";
import { AccessTabs } from "@/components/tenant/access-tabs";
import { CreateGroupForm } from "@/components/tenant/iam-forms";
import { NoPermission } from "@/components/shell/no-permission";
import { EmptyState } from "@/components/ui/empty-state";
import { Users } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel, TableWrap } from "@/components/ui/panel";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Groups");

export default async function GroupsPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const { can } = page;
  const header = <PageHeader title="Groups" description="Bind a role to a group once; every member holds it, and loses it as soon as they leave the group." />;
  if (!can("GROUP", "READ")) return <>{header}<AccessTabs page={page} current="groups" /><NoPermission what="groups" permission="GROUP:READ" /></>;
  const { groups, bindings, roles } = await withTenant(page.ctx, async (tx) => ({
    groups: (await findGroups(tx, { page: 1, size: 500 })).results,
    bindings: can("BINDING", "READ") ? (await findBindings(tx, { page: 1, size: 1000 })).results.filter((b) => b.type === "GROUP") : [],
    roles: new Map((await findRoles(tx, { page: 1, size: 500 })).results.map((r) => [r.id, r.name])),
  }));
  return (
    <>
      {header}
      <AccessTabs page={page} current="groups" />
      {can("GROUP", "CREATE") && (
        <Panel className="mb-4" title="New group">
          <CreateGroupForm tenantId={page.tenantId} />
        </Panel>
      )}
      <Panel title={`Groups (${groups.length})`}>
        {groups.length === 0 ? (
          <EmptyState icon={<Users />} title="No groups yet">
            Groups gather members who share roles: a team, an on-call rotation, auditors.
          </EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="groups">
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col">Members</th>
                  <th scope="col">Roles</th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.id} data-group={g.name}>
                    <td className="py-2">
                      <Link href={`/ui/${page.tenantId}/access/groups/${g.id}`} className="font-medium hover:underline">
                        {g.name}
                      </Link>
                      {g.description && <div className="text-[12px] text-zinc-500">{g.description}</div>}
                    </td>
                    <td className="py-2 tabular-nums">{g.memberCount}</td>
                    <td className="py-2 text-[12px]">
                      {bindings
                        .filter((b) => b.externalId === g.id)
                        .map((b) => `${roles.get(b.roleId) ?? b.roleId}${b.namespaceId ? ` in ${b.namespaceId}` : ""}`)
                        .join(", ") || <span className="text-zinc-500">No role</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </Panel>
    </>
  );
}

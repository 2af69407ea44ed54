import Link from "next/link";
import { withTenant } from "@/db/tenant";
import { findBindings, findRoles } from "@/db/queries/access";
import { NewRoleButton } from "@/components/tenant/role-forms";
import { NoPermission } from "@/components/shell/no-permission";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, Panel, TableWrap } from "@/components/ui/panel";
import { ChevronRight } from "@/components/ui/icons";
import { ACTIONS, RESOURCES, type PermissionMap } from "@/lib/permissions";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Roles");

function coverage(permissions: PermissionMap): string {
  const granted = Object.values(permissions).reduce((n, actions) => n + (actions?.length ?? 0), 0);
  const total = RESOURCES.length * ACTIONS.length;
  if (granted === 0) return "No permissions";
  if (granted === total) return "Every permission";
  return `${granted} of ${total} permissions`;
}

export default async function RolesPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const canCreate = page.can("ROLE", "CREATE");
  const header = (
    <PageHeader
      title="Roles"
      description="A role is a set of permissions (resource × action). Bind roles to members under Access, for the whole tenant or one namespace."
      actions={canCreate && page.can("ROLE", "READ") ? <NewRoleButton tenantId={page.tenantId} /> : undefined}
    />
  );
  if (!page.can("ROLE", "READ")) return <>{header}<NoPermission what="roles" permission="ROLE:READ" /></>;

  const { roles, bindings } = await withTenant(page.ctx, async (tx) => ({
    roles: (await findRoles(tx, { page: 1, size: 500 })).results,
    bindings: page.can("BINDING", "READ") ? (await findBindings(tx, { page: 1, size: 1000 })).results : null,
  }));
  const bound = new Map<string, number>();
  for (const b of bindings ?? []) bound.set(b.roleId, (bound.get(b.roleId) ?? 0) + 1);

  return (
    <>
      {header}
      <Panel>
        <TableWrap>
          <table className="data-table" data-testid="roles">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col" className="hidden md:table-cell">Description</th>
                <th scope="col">Permissions</th>
                {bindings && <th scope="col" className="text-right">Bindings</th>}
                <th scope="col" className="w-0">
                  <span className="sr-only">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roles.map((r) => (
                <tr key={r.id}>
                  <td className="whitespace-nowrap">
                    <Link href={`/ui/${page.tenantId}/roles/${r.id}`} className="font-medium hover:underline">
                      {r.name}
                    </Link>
                    <span className="ml-2">{r.managed ? <Badge>Managed</Badge> : <Badge tone="brand">Custom</Badge>}</span>
                  </td>
                  <td className="hidden max-w-md truncate text-zinc-600 md:table-cell">{r.description}</td>
                  <td className="whitespace-nowrap text-zinc-600">{coverage(r.permissions as PermissionMap)}</td>
                  {bindings && <td className="text-right tabular-nums">{bound.get(r.id) ?? 0}</td>}
                  <td>
                    <Link href={`/ui/${page.tenantId}/roles/${r.id}`} aria-label={`Open ${r.name}`} className="flex text-zinc-400 hover:text-zinc-900">
                      <ChevronRight />
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Panel>
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { withInstance } from "@/db/tenant";
import { getUser } from "@/db/queries/users";
import { removeTenantBinding, revokeTenantAccessOf } from "@/lib/actions/users";
import { GrantTenantRoleForm } from "@/components/admin/user-forms";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Building, X } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, Panel, Swatch, TableWrap } from "@/components/ui/panel";
import { loadUserAccess } from "@/lib/ui/admin";
import { displayName, formatDateTime } from "@/lib/ui/format";
import { requireSuperadmin } from "@/lib/ui/session";

type Params = Promise<{ userId: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { userId } = await params;
  await requireSuperadmin();
  const user = await withInstance((tx) => getUser(tx, { id: userId }));
  return { title: `${user?.email ?? "User"} · Users · Administration` };
}

export default async function AdminUserPage({ params }: { params: Params }) {
  const { userId } = await params;
  const me = await requireSuperadmin();
  const user = await withInstance((tx) => getUser(tx, { id: userId }));
  if (!user) notFound();
  const { tenantRoles, memberships } = await loadUserAccess({ actorId: me.id, userId: user.id });

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href="/admin/users" className="hover:text-zinc-900 hover:underline">
            Users
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            {displayName(user)} {user.superAdmin && <Badge tone="brand">Superadmin</Badge>}
          </span>
        }
        description={`${user.email} · created ${formatDateTime(user.createdAt)}`}
      />
      {user.superAdmin && (
        <p className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-[13px] text-brand-700">
          As a superadmin this user enters every tenant with every permission; the grants below matter only if that flag is removed.
        </p>
      )}
      <Panel className="mb-4" title="Grant tenant access" description="Access to the tenant and a role in it, in one step. Granting again adds another role.">
        {tenantRoles.length === 0 ? (
          <p className="px-4 py-3 text-[13px] text-zinc-500">
            There is no tenant yet.{" "}
            <Link href="/admin/tenants" className="underline">
              Create one
            </Link>
            .
          </p>
        ) : (
          <GrantTenantRoleForm userId={user.id} tenants={tenantRoles} />
        )}
      </Panel>
      <Panel title={`Tenants (${memberships.length})`}>
        {memberships.length === 0 ? (
          <EmptyState icon={<Building />} title="No tenant access">
            {displayName(user)} cannot enter any tenant{user.superAdmin ? " through a grant" : ""}. Grant one above.
          </EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="memberships">
              <thead>
                <tr>
                  <th scope="col">Tenant</th>
                  <th scope="col">Roles</th>
                  <th scope="col" className="hidden sm:table-cell">Since</th>
                  <th scope="col" className="w-0">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {memberships.map((m) => (
                  <tr key={m.tenant.id} data-tenant={m.tenant.id}>
                    <td className="whitespace-nowrap">
                      <Link href={`/ui/${m.tenant.id}`} className="inline-flex items-center gap-2 font-medium hover:underline">
                        <Swatch color={m.tenant.color} className="size-3" />
                        {m.tenant.name}
                      </Link>
                      <span className="ml-2 font-mono text-[11px] text-zinc-500">{m.tenant.id}</span>
                    </td>
                    <td className="py-2">
                      <div className="flex flex-wrap gap-1.5">
                        {m.bindings.length === 0 && <span className="text-[12px] text-zinc-500">No role</span>}
                        {m.bindings.map((b) => (
                          <span key={b.id} className="inline-flex items-center gap-1 rounded-md border border-zinc-200 bg-zinc-50 py-0.5 pr-0.5 pl-2 text-[12px]">
                            <span className="font-medium">{b.roleName}</span>
                            {b.namespace && <code className="text-[11px] text-zinc-500">{b.namespace}</code>}
                            <ConfirmButton
                              action={removeTenantBinding}
                              hidden={{ tenantId: m.tenant.id, bindingId: b.id }}
                              variant="ghost"
                              size="sm"
                              label=""
                              icon={<X size={12} />}
                              ariaLabel={`Remove role ${b.roleName} in ${m.tenant.id}`}
                              title="Remove this role?"
                              description={`${user.email} keeps access to ${m.tenant.name} but loses the ${b.roleName} role${b.namespace ? ` in ${b.namespace}` : ""}.`}
                              confirmLabel="Remove role"
                            />
                          </span>
                        ))}
                      </div>
                    </td>
                    <td className="hidden whitespace-nowrap text-zinc-600 sm:table-cell">{formatDateTime(m.since)}</td>
                    <td className="text-right">
                      <ConfirmButton
                        action={revokeTenantAccessOf}
                        hidden={{ tenantId: m.tenant.id, userId: user.id }}
                        label="Revoke"
                        ariaLabel={`Revoke access to ${m.tenant.id}`}
                        title={`Revoke access to ${m.tenant.name}?`}
                        description={`${user.email} can no longer enter ${m.tenant.name} and loses every role there.`}
                        confirmLabel="Revoke access"
                      />
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

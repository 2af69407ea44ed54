import Link from "next/link";
import { notFound } from "next/navigation";
import { withTenant } from "@/db/tenant";
import { findBindings, getRole, listTenantAccess } from "@/db/queries/access";
import { deleteRole } from "@/lib/actions/roles";
import { RoleEditor } from "@/components/tenant/role-forms";
import { NoPermission } from "@/components/shell/no-permission";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, Panel } from "@/components/ui/panel";
import { Trash } from "@/components/ui/icons";
import type { PermissionMap } from "@/lib/permissions";
import { findTenantPage, getTenantPage, NOT_FOUND_TITLE } from "@/lib/ui/tenant";

type Params = Promise<{ tenantId: string; roleId: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { tenantId, roleId } = await params;
  const page = await findTenantPage(tenantId);
  if (!page) return { title: NOT_FOUND_TITLE };
  const role = page.can("ROLE", "READ") ? await withTenant(page.ctx, (tx) => getRole(tx, { id: roleId })) : null;
  return { title: `${role?.name ?? "Role"} · Roles · ${page.tenant.name}` };
}

export default async function RolePage({ params }: { params: Params }) {
  const { tenantId, roleId } = await params;
  const page = await getTenantPage(tenantId);
  const back = (
    <Link href={`/ui/${page.tenantId}/roles`} className="hover:text-zinc-900 hover:underline">
      Roles
    </Link>
  );
  if (!page.can("ROLE", "READ")) return <><PageHeader eyebrow={back} title="Role" /><NoPermission what="roles" permission="ROLE:READ" /></>;

  const data = await withTenant(page.ctx, async (tx) => {
    const role = await getRole(tx, { id: roleId });
    if (!role || !page.can("BINDING", "READ")) return { role, holders: null };
    const bindings = (await findBindings(tx, { page: 1, size: 1000 })).results.filter((b) => b.roleId === role.id && b.type === "USER");
    const emails = new Map((await listTenantAccess(tx)).map((m) => [m.userId, m.email]));
    return { role, holders: bindings.map((b) => ({ id: b.id, email: emails.get(b.externalId) ?? b.externalId, namespace: b.namespaceId })) };
  });
  const { role, holders } = data;
  if (!role) notFound();

  const canDelete = !role.managed && page.can("ROLE", "DELETE");
  return (
    <>
      <PageHeader
        eyebrow={back}
        title={
          <span className="flex items-center gap-2">
            {role.name} {role.managed ? <Badge>Managed</Badge> : <Badge tone="brand">Custom</Badge>}
          </span>
        }
        description={role.description ?? undefined}
        actions={
          canDelete ? (
            <ConfirmButton
              action={deleteRole}
              hidden={{ tenantId: page.tenantId, roleId: role.id }}
              label="Delete role"
              icon={<Trash size={14} />}
              size="md"
              title={`Delete ${role.name}?`}
              description="Members bound to this role lose its permissions. This cannot be undone."
              confirmLabel="Delete role"
            />
          ) : undefined
        }
      />
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[1fr_18rem]">
        <Panel title="Permissions" description={page.can("ROLE", "UPDATE") ? "Tick what this role may do. Changes apply to every member bound to it." : "Your roles do not allow editing roles (ROLE:UPDATE)."}>
          <RoleEditor
            tenantId={page.tenantId}
            role={{ id: role.id, name: role.name, description: role.description, managed: role.managed, permissions: role.permissions as PermissionMap }}
            canUpdate={page.can("ROLE", "UPDATE")}
          />
        </Panel>
        {holders && (
          <Panel className="self-start" title="Bound to" description={`${holders.length} ${holders.length === 1 ? "binding" : "bindings"}`}>
            {holders.length === 0 ? (
              <p className="px-4 py-3 text-[13px] text-zinc-500">
                Nobody holds this role. Bind it under{" "}
                <Link className="underline" href={`/ui/${page.tenantId}/access`}>
                  Access
                </Link>
                .
              </p>
            ) : (
              <ul className="divide-y divide-zinc-100">
                {holders.map((h) => (
                  <li key={h.id} className="flex items-center justify-between gap-2 px-4 py-2">
                    <span className="truncate">{h.email}</span>
                    <span className="shrink-0 text-[12px] text-zinc-500">{h.namespace ? <code>{h.namespace}</code> : "whole tenant"}</span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        )}
      </div>
    </>
  );
}

import Link from "next/link";
import { withTenant } from "@/db/tenant";
import { findBindings, findRoles } from "@/db/queries/access";
import { findServiceAccounts } from "@/db/queries/iam";
import { AccessTabs } from "@/components/tenant/access-tabs";
import { CreateServiceAccountForm } from "@/components/tenant/iam-forms";
import { NoPermission } from "@/components/shell/no-permission";
import { EmptyState } from "@/components/ui/empty-state";
import { Key } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel, TableWrap } from "@/components/ui/panel";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Service accounts");

export default async function ServiceAccountsPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const { can } = page;
  const header = (
    <PageHeader title="Service accounts" description="Machines that call the API: bound to roles like a member, acting with their API tokens in this tenant only." />
  );
  if (!can("SERVICE_ACCOUNT", "READ")) return <>{header}<AccessTabs page={page} current="service-accounts" /><NoPermission what="service accounts" permission="SERVICE_ACCOUNT:READ" /></>;
  const { accounts, bindings, roles } = await withTenant(page.ctx, async (tx) => ({
    accounts: (await findServiceAccounts(tx, { page: 1, size: 500 })).results,
    bindings: can("BINDING", "READ") ? (await findBindings(tx, { page: 1, size: 1000 })).results.filter((b) => b.type === "SERVICE_ACCOUNT") : [],
    roles: new Map((await findRoles(tx, { page: 1, size: 500 })).results.map((r) => [r.id, r.name])),
  }));
  return (
    <>
      {header}
      <AccessTabs page={page} current="service-accounts" />
      {can("SERVICE_ACCOUNT", "CREATE") && (
        <Panel className="mb-4" title="New service account">
          <CreateServiceAccountForm tenantId={page.tenantId} />
        </Panel>
      )}
      <Panel title={`Service accounts (${accounts.length})`}>
        {accounts.length === 0 ? (
          <EmptyState icon={<Key />} title="No service accounts yet">
            Give CI jobs and other systems their own identity instead of a person&apos;s token.
          </EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="service-accounts">
              <thead>
                <tr>
                  <th scope="col">Service account</th>
                  <th scope="col">Roles</th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => (
                  <tr key={a.id} data-account={a.name}>
                    <td className="py-2">
                      <Link href={`/ui/${page.tenantId}/access/service-accounts/${a.id}`} className="font-medium hover:underline">
                        {a.name}
                      </Link>
                      {a.description && <div className="text-[12px] text-zinc-500">{a.description}</div>}
                    </td>
                    <td className="py-2 text-[12px]">
                      {bindings
                        .filter((b) => b.externalId === a.id)
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

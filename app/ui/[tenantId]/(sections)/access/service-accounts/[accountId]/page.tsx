import Link from "next/link";
import { notFound } from "next/navigation";
import { withTenant } from "@/db/tenant";
import { findBindings, findRoles } from "@/db/queries/access";
import { getServiceAccount, listServiceAccountTokens } from "@/db/queries/iam";
import { publicToken } from "@/db/queries/tokens";
import { bindServiceAccountRole, createAccountToken, deleteServiceAccount, revokeAccountToken, updateServiceAccount } from "@/lib/actions/service-accounts";
import { CreateTokenForm } from "@/components/account/token-forms";
import { AccessTabs } from "@/components/tenant/access-tabs";
import { NameForm } from "@/components/tenant/iam-forms";
import { RoleBindingsPanel } from "@/components/tenant/role-bindings-panel";
import { NoPermission } from "@/components/shell/no-permission";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, Panel, TableWrap } from "@/components/ui/panel";
import { formatDateTime } from "@/lib/ui/format";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Service account");

export default async function ServiceAccountPage({ params }: { params: Promise<{ tenantId: string; accountId: string }> }) {
  const { tenantId, accountId } = await params;
  const page = await getTenantPage(tenantId);
  const { can } = page;
  if (!can("SERVICE_ACCOUNT", "READ")) return <><PageHeader title="Service account" /><NoPermission what="service accounts" permission="SERVICE_ACCOUNT:READ" /></>;
  const data = await withTenant(page.ctx, async (tx) => {
    const account = await getServiceAccount(tx, { id: accountId });
    if (!account) return null;
    return {
      account,
      tokens: (await listServiceAccountTokens(tx, { serviceAccountId: accountId })).map(publicToken),
      bindings: can("BINDING", "READ") ? (await findBindings(tx, { page: 1, size: 1000, externalId: accountId })).results.filter((b) => b.type === "SERVICE_ACCOUNT") : [],
      roles: (await findRoles(tx, { page: 1, size: 500 })).results.map((r) => ({ id: r.id, name: r.name, managed: r.managed })),
    };
  });
  if (!data) notFound();
  const { account, tokens, bindings, roles } = data;
  const canEdit = can("SERVICE_ACCOUNT", "UPDATE");
  return (
    <>
      <PageHeader
        title={account.name}
        description={account.description ?? undefined}
        eyebrow={<Link href={`/ui/${page.tenantId}/access/service-accounts`} className="hover:underline">Service accounts</Link>}
      />
      <AccessTabs page={page} current="service-accounts" />
      <RoleBindingsPanel
        tenantId={page.tenantId}
        bindings={bindings}
        roles={roles}
        description="What its tokens may do, in the whole tenant or the namespace shown (and its children)."
        empty="No role yet: its tokens can enter the tenant but do nothing."
        testId="account-roles"
        from={account.name}
        removed={<>{account.name}&apos;s tokens lose it with their next request.</>}
        canRemove={can("BINDING", "DELETE")}
        bind={can("BINDING", "CREATE") ? { action: bindServiceAccountRole, hidden: { tenantId: page.tenantId, serviceAccountId: accountId } } : undefined}
      />
      <Panel className="mb-4" title={`API tokens (${tokens.length})`} description="Valid in this tenant only; anywhere else they are refused like a stranger's.">
        {canEdit && <CreateTokenForm action={createAccountToken} hidden={{ tenantId: page.tenantId, serviceAccountId: accountId }} />}
        <TableWrap>
          <table className="data-table" data-testid="account-tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="hidden sm:table-cell">Prefix</th>
                <th scope="col">Expires</th>
                <th scope="col" className="hidden sm:table-cell">Last used</th>
                {canEdit && <th scope="col" className="w-0"><span className="sr-only">Actions</span></th>}
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 font-medium">{t.name}</td>
                  <td className="hidden sm:table-cell"><code className="text-[12px]">{t.prefix}…</code></td>
                  <td className="whitespace-nowrap">{t.expired ? <Badge tone="red">expired</Badge> : t.exp ? formatDateTime(t.exp) : "never"}</td>
                  <td className="hidden whitespace-nowrap text-zinc-600 sm:table-cell">{t.lastUsed ? formatDateTime(t.lastUsed) : "never"}</td>
                  {canEdit && (
                    <td className="text-right">
                      <ConfirmButton
                        action={revokeAccountToken}
                        hidden={{ tenantId: page.tenantId, serviceAccountId: accountId, tokenId: t.id }}
                        label="Revoke"
                        ariaLabel={`Revoke token ${t.name}`}
                        title="Revoke this token?"
                        description={<>Calls with it are refused from now on.</>}
                        confirmLabel="Revoke token"
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Panel>
      {canEdit && (
        <Panel className="mb-4" title="Rename">
          <NameForm action={updateServiceAccount} hidden={{ tenantId: page.tenantId, serviceAccountId: accountId }} label="Rename service account" submit="Save" initial={{ name: account.name, description: account.description }} />
        </Panel>
      )}
      {can("SERVICE_ACCOUNT", "DELETE") && (
        <div className="flex justify-end">
          <ConfirmButton
            action={deleteServiceAccount}
            hidden={{ tenantId: page.tenantId, serviceAccountId: accountId }}
            label="Delete service account"
            variant="danger"
            title="Delete this service account?"
            description={<>Its tokens stop working at once.</>}
            confirmLabel="Delete"
          />
        </div>
      )}
    </>
  );
}

import type { Metadata } from "next";
import { withInstance } from "@/db/tenant";
import { listApiTokens } from "@/db/queries/tokens";
import { revokeToken } from "@/lib/actions/tokens";
import { CreateTokenForm } from "@/components/account/token-forms";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Key } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Badge, Panel, TableWrap } from "@/components/ui/panel";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { requireUser } from "@/lib/ui/session";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requireUser();
  const tokens = await withInstance((tx) => listApiTokens(tx, { userId: user.id }));
  const now = new Date();
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and Kestra clients call the API as you, with your permissions in each tenant. Only a hash is stored: a token is shown once."
      />
      <Panel className="mb-4" title="Create token">
        <CreateTokenForm />
      </Panel>
      <Panel title={`Your tokens (${tokens.length})`}>
        {tokens.length === 0 ? (
          <EmptyState icon={<Key />} title="No tokens yet">
            Create one above for CI jobs or the Kestra SDK; revoke it here when it is no longer needed.
          </EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="tokens">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col" className="hidden md:table-cell">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col" className="hidden sm:table-cell">Last used</th>
                  <th scope="col" className="w-0">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((t) => {
                  const expired = t.expiresAt ? t.expiresAt.getTime() <= now.getTime() : false;
                  return (
                    <tr key={t.id} data-token={t.name}>
                      <td className="py-2">
                        <div className="font-medium">{t.name}</div>
                        {t.description && <div className="max-w-64 truncate text-[12px] text-zinc-500">{t.description}</div>}
                      </td>
                      <td className="font-mono text-[12px] whitespace-nowrap text-zinc-600">{t.prefix}…</td>
                      <td className="hidden whitespace-nowrap text-zinc-600 md:table-cell">{formatDateTime(t.createdAt)}</td>
                      <td className="whitespace-nowrap">
                        {expired ? <Badge tone="red">Expired</Badge> : t.expiresAt ? <span className="text-zinc-600">{formatDateTime(t.expiresAt)}</span> : <Badge tone="amber">Never</Badge>}
                      </td>
                      <td className="hidden whitespace-nowrap text-zinc-600 sm:table-cell" title={t.lastUsedAt ? formatDateTime(t.lastUsedAt) : undefined}>
                        {formatAgo(t.lastUsedAt, now)}
                      </td>
                      <td className="text-right">
                        <ConfirmButton
                          action={revokeToken}
                          hidden={{ tokenId: t.id }}
                          label="Revoke"
                          ariaLabel={`Revoke token ${t.name}`}
                          title={`Revoke “${t.name}”?`}
                          description="Anything still using this token gets 401 responses from now on."
                          confirmLabel="Revoke token"
                        />
                      </td>
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

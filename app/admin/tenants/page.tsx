import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { withInstance } from "@/db/tenant";
import { findTenants } from "@/db/queries/tenants";
import { deleteTenant } from "@/lib/actions/tenants";
import { CreateTenantForm, EditTenantButton } from "@/components/admin/tenant-forms";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Building } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel, Swatch, TableWrap } from "@/components/ui/panel";
import { SearchForm } from "@/components/ui/search-form";
import { formatBytes, formatDateTime } from "@/lib/ui/format";
import { EditQuotasButton } from "@/components/admin/quota-forms";
import { effectiveQuotas, type Quotas } from "@/engine/quotas/limits";
import { tenantUsage, type TenantUsage } from "@/lib/server/tenants/quotas";
import { requireSuperadmin } from "@/lib/ui/session";

export const metadata: Metadata = { title: "Tenants · Administration" };

const SIZE = 50;
const query = z.object({ q: z.string().max(200).optional().catch(undefined), page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });

export default async function AdminTenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireSuperadmin();
  const { q, page } = query.parse(await searchParams);
  const { results, total } = await withInstance((tx) => findTenants(tx, { q: q || undefined, page, size: SIZE }));
  const usage = new Map(await Promise.all(results.map(async (t) => [t.id, await tenantUsage(t.id)] as const)));
  return (
    <>
      <PageHeader title="Tenants" description="Each tenant keeps its flows, executions, roles and members apart. Its colour marks every page of it." />
      <Panel className="mb-4" title="Create tenant">
        <CreateTenantForm />
      </Panel>
      <Panel title={`All tenants (${total})`} actions={<SearchForm action="/admin/tenants" q={q} placeholder="Filter by id or name" />}>
        {results.length === 0 ? (
          <EmptyState icon={<Building />} title={q ? `No tenant matches “${q}”` : "No tenants yet"}>
            {q ? "Try another id or name." : "Create the first tenant above."}
          </EmptyState>
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="tenants">
              <thead>
                <tr>
                  <th scope="col">Tenant</th>
                  <th scope="col">Id</th>
                  <th scope="col" className="hidden sm:table-cell">Created</th>
                  <th scope="col" className="hidden md:table-cell">Usage / quota</th>
                  <th scope="col" className="w-0">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.map((t) => (
                  <tr key={t.id} data-tenant={t.id}>
                    <td>
                      <Link href={`/ui/${t.id}`} className="inline-flex items-center gap-2 font-medium hover:underline">
                        <Swatch color={t.color} className="size-3" />
                        {t.name}
                      </Link>
                    </td>
                    <td className="font-mono text-[12px] text-zinc-600">{t.id}</td>
                    <td className="hidden whitespace-nowrap text-zinc-600 sm:table-cell">{formatDateTime(t.createdAt)}</td>
                    <td className="hidden md:table-cell">
                      <QuotaUsage quotas={effectiveQuotas(t.settings)} usage={usage.get(t.id)!} />
                    </td>
                    <td>
                      <div className="flex justify-end gap-1.5">
                        <EditTenantButton
                          tenant={{ id: t.id, name: t.name, color: t.color, scriptNetwork: t.settings?.scriptNetwork !== false, allowedNetworks: t.settings?.allowedNetworks }}
                        />
                        <EditQuotasButton tenantId={t.id} quotas={t.settings?.quotas ?? {}} />
                        <ConfirmButton
                          action={deleteTenant}
                          hidden={{ id: t.id }}
                          label="Delete"
                          ariaLabel={`Delete ${t.id}`}
                          title={`Delete tenant ${t.name}?`}
                          description="Its members lose access at once and its pages disappear. The id stays taken, so a new tenant can never inherit its data."
                          typeToConfirm={t.id}
                          confirmLabel="Delete tenant"
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        {total > SIZE && <Pagination basePath="/admin/tenants" page={page} size={SIZE} total={total} params={q ? { q } : undefined} />}
      </Panel>
    </>
  );
}

/** Each quota next to what the tenant uses of it now; "∞" where there is no limit. */
function QuotaUsage({ quotas, usage }: { quotas: Quotas; usage: TenantUsage }) {
  const of = (limit: number | null, format: (n: number) => string = String) => (limit === null ? "∞" : format(limit));
  const full = quotas.maxRunningExecutions !== null && usage.runningExecutions >= quotas.maxRunningExecutions;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-[12px] leading-5 text-zinc-600" data-testid="quota-usage">
      <dt className="text-zinc-500">Running</dt>
      <dd className={full ? "font-medium text-amber-700" : undefined}>
        {usage.runningExecutions} / {of(quotas.maxRunningExecutions)}
        {usage.queuedExecutions > 0 && ` · ${usage.queuedExecutions} queued`}
      </dd>
      <dt className="text-zinc-500">Storage</dt>
      <dd>
        {formatBytes(usage.storageBytes)} / {of(quotas.storageBytes, formatBytes)}
      </dd>
      <dt className="text-zinc-500">API</dt>
      <dd>{quotas.requestsPerSecond === null ? "∞" : `${quotas.requestsPerSecond} req/s`}</dd>
      <dt className="text-zinc-500">Retention</dt>
      <dd>{quotas.retentionDays === null ? "kept" : `${quotas.retentionDays} days`}</dd>
    </dl>
  );
}

import Link from "next/link";
import { withTenant } from "@/db/tenant";
import { namespaceSummaries } from "@/db/queries/flows";
import { namespaceHref } from "@/components/flows/links";
import { NoPermission } from "@/components/shell/no-permission";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ChevronRight, Folder, Plus, Search } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel, TableWrap } from "@/components/ui/panel";
import { SearchForm } from "@/components/ui/search-form";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { namespaceScope } from "@/lib/permissions";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Namespaces");

/** `company.team.data` → a muted parent path and the last segment. */
function NamespaceName({ namespace }: { namespace: string }) {
  const at = namespace.lastIndexOf(".");
  return (
    <span className="font-mono text-[12.5px]">
      {at > 0 && <span className="text-zinc-400">{namespace.slice(0, at + 1)}</span>}
      <span className="font-medium text-zinc-900">{namespace.slice(at + 1)}</span>
    </span>
  );
}

export default async function NamespacesPage({ params, searchParams }: { params: Promise<{ tenantId: string }>; searchParams: Promise<{ q?: string | string[] }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const header = <PageHeader title="Namespaces" description="Dotted names such as company.team that group flows, key-value pairs, secrets and files." />;
  if (!page.can("NAMESPACE", "READ")) return <>{header}<NoPermission what="namespaces" permission="NAMESPACE:READ" /></>;

  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 150) || undefined;
  const scope = namespaceScope(page.grants, "NAMESPACE", "READ");
  const { rows, any } = await withTenant(page.ctx, async (tx) => {
    const rows = await namespaceSummaries(tx, { scope, q });
    return { rows, any: q ? (await namespaceSummaries(tx, { scope })).length > 0 : rows.length > 0 };
  });
  const base = `/ui/${page.tenantId}/namespaces`;

  if (!any) {
    return (
      <>
        {header}
        <Panel>
          <EmptyState
            icon={<Folder />}
            title="No namespaces yet"
            actions={
              page.can("FLOW", "CREATE") ? (
                <Link href={`/ui/${page.tenantId}/flows/new`} className={buttonClass("primary")}>
                  <Plus size={14} /> Create a flow
                </Link>
              ) : undefined
            }
          >
            A namespace appears here as soon as a flow is created in it, with its flows, executions and key-value pairs. Roles can be bound to one namespace and its children
            under Access.
          </EmptyState>
        </Panel>
      </>
    );
  }

  const now = new Date();
  return (
    <>
      {header}
      <Panel>
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2.5">
          <SearchForm action={base} q={q} placeholder="Search namespaces" />
          <span className="text-[12px] text-zinc-500">
            {rows.length} {rows.length === 1 ? "namespace" : "namespaces"}
            {q && <> matching “{q}”</>}
          </span>
        </div>
        {rows.length === 0 ? (
          <EmptyState icon={<Search />} title={`No namespace matches “${q}”`} actions={<Link href={base} className={buttonClass("secondary")}>Clear search</Link>} />
        ) : (
          <TableWrap>
            <table className="data-table" data-testid="namespaces">
              <thead>
                <tr>
                  <th scope="col">Namespace</th>
                  <th scope="col" className="text-right">
                    Flows
                  </th>
                  <th scope="col">Last change</th>
                  <th scope="col" className="w-0">
                    <span className="sr-only">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.namespace}>
                    <td>
                      <Link href={namespaceHref(page.tenantId, r.namespace)} className="hover:underline">
                        <NamespaceName namespace={r.namespace} />
                      </Link>
                    </td>
                    <td className="text-right tabular-nums">{r.flowCount}</td>
                    <td className="whitespace-nowrap text-zinc-600" title={formatDateTime(r.updatedAt)}>
                      {formatAgo(new Date(r.updatedAt), now)}
                    </td>
                    <td>
                      <Link href={namespaceHref(page.tenantId, r.namespace)} aria-label={`Open ${r.namespace}`} className="flex text-zinc-400 hover:text-zinc-900">
                        <ChevronRight />
                      </Link>
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

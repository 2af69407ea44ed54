import Link from "next/link";
import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findAuditLogs } from "@/db/queries/access";
import { AuditTable } from "@/components/tenant/audit-table";
import { NoPermission } from "@/components/shell/no-permission";
import { EmptyState } from "@/components/ui/empty-state";
import { ScrollText } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Audit log");

const SIZE = 50;
const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);

export default async function AuditLogPage({ params, searchParams }: { params: Promise<{ tenantId: string }>; searchParams: Promise<{ page?: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const header = <PageHeader title="Audit log" description="Every change to access, roles and bindings in this tenant: who, what and when." />;
  if (!page.can("AUDITLOG", "READ")) return <>{header}<NoPermission what="the audit log" permission="AUDITLOG:READ" /></>;

  const current = pageParam.parse((await searchParams).page ?? 1);
  const { results, total } = await withTenant(page.ctx, (tx) => findAuditLogs(tx, { page: current, size: SIZE }));
  const base = `/ui/${page.tenantId}/audit-logs`;
  return (
    <>
      {header}
      <Panel>
        {results.length === 0 ? (
          total === 0 ? (
            <EmptyState icon={<ScrollText />} title="No entries yet">
              Granting access, binding roles and editing roles all leave an entry here.
            </EmptyState>
          ) : (
            <EmptyState icon={<ScrollText />} title={`There is no page ${current}`}>
              The log has {total} {total === 1 ? "entry" : "entries"}.{" "}
              <Link href={base} className="underline">
                Go to the first page
              </Link>
              .
            </EmptyState>
          )
        ) : (
          <AuditTable rows={results} />
        )}
        {total > 0 && <Pagination basePath={base} page={current} size={SIZE} total={total} />}
      </Panel>
    </>
  );
}

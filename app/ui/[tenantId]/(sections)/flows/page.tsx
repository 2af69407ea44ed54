import Link from "next/link";
import type { ReactNode } from "react";
import { withTenant } from "@/db/tenant";
import { distinctNamespaces, findFlows } from "@/db/queries/flows";
import { FlowFilters } from "@/components/flows/flow-filters";
import { FlowsTable } from "@/components/flows/flows-table";
import { NoPermission } from "@/components/shell/no-permission";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Plus, Search, Workflow } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { namespaceScope } from "@/lib/permissions";
import { flowListParams, parseLabelFilter } from "@/lib/ui/flow-list";
import { lastExecutions } from "@/db/queries/flow-activity";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Flows");

const SIZE = 25;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function FlowsPage({ params, searchParams }: { params: Promise<{ tenantId: string }>; searchParams: SearchParams }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const canCreate = page.can("FLOW", "CREATE");
  const createButton = canCreate ? (
    <Link href={`/ui/${page.tenantId}/flows/new`} className={buttonClass("primary")}>
      <Plus size={14} /> Create flow
    </Link>
  ) : undefined;
  const title = (actions?: ReactNode) => <PageHeader title="Flows" description="YAML definitions of tasks, inputs and triggers, written as in Kestra." actions={actions} />;
  if (!page.can("FLOW", "READ")) return <>{title()}<NoPermission what="flows" permission="FLOW:READ" /></>;

  const raw = await searchParams;
  const filters = flowListParams.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, first(v)])));
  const scope = namespaceScope(page.grants, "FLOW", "READ");
  const { flows, total, namespaces, executions, any } = await withTenant(page.ctx, async (tx) => {
    const found = await findFlows(tx, {
      q: filters.q,
      namespace: filters.namespace,
      labels: parseLabelFilter(filters.labels),
      page: filters.page,
      size: SIZE,
      sort: filters.sort,
      scope,
    });
    const namespaces = await distinctNamespaces(tx, { scope });
    return {
      flows: found.results,
      total: found.total,
      namespaces,
      executions: await lastExecutions(tx, found.results),
      any: namespaces.length > 0,
    };
  });

  const base = `/ui/${page.tenantId}/flows`;
  const query = Object.fromEntries(Object.entries({ q: filters.q, namespace: filters.namespace, labels: filters.labels, sort: filters.sort }).filter(([, v]) => v)) as Record<string, string>;

  if (!any) {
    return (
      <>
        {/* The empty state holds the one Create button. */}
        {title()}
        <Panel>
          <EmptyState icon={<Workflow />} title="No flows yet" actions={createButton}>
            A flow is a YAML list of tasks with its inputs and triggers, in a namespace such as <code>company.team</code>. Each flow of this tenant will be listed here with its
            labels, revision and latest execution.
            {!canCreate && " Your roles do not allow creating flows (FLOW:CREATE)."}
          </EmptyState>
        </Panel>
      </>
    );
  }

  return (
    <>
      {title(createButton)}
      <Panel>
        <FlowFilters key={JSON.stringify(query)} action={base} namespaces={namespaces} values={filters} sort={filters.sort} />
        {total === 0 ? (
          <EmptyState icon={<Search />} title="No flow matches these filters" actions={<Link href={base} className={buttonClass("secondary")}>Clear filters</Link>}>
            Nothing in this tenant matches
            {filters.q && <> “{filters.q}”</>}
            {filters.namespace && <> in <code>{filters.namespace}</code></>}
            {filters.labels && <> with labels <code>{filters.labels}</code></>}.
          </EmptyState>
        ) : flows.length === 0 ? (
          <EmptyState icon={<Search />} title={`There is no page ${filters.page}`}>
            The list has {total} {total === 1 ? "flow" : "flows"}.{" "}
            <Link href={base} className="underline">
              Go to the first page
            </Link>
            .
          </EmptyState>
        ) : (
          <FlowsTable tenantId={page.tenantId} rows={flows} executions={executions} base={base} params={filters} canExecute={(ns) => page.can("EXECUTION", "CREATE", ns)} />
        )}
        {total > 0 && <Pagination basePath={base} page={filters.page} size={SIZE} total={total} params={query} />}
      </Panel>
    </>
  );
}

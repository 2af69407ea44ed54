import Link from "next/link";
import { withTenant } from "@/db/tenant";
import { findExecutions } from "@/db/queries/executions";
import { distinctNamespaces } from "@/db/queries/flows";
import { ExecutionFilters } from "@/components/executions/execution-filters";
import { ExecutionsList } from "@/components/executions/executions-list";
import { executionListParams } from "@/components/executions/list-params";
import { flattenSearchParams, listHref, timeWindow } from "@/components/executions/model";
import { NoPermission } from "@/components/shell/no-permission";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Play, Search } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { namespaceScope } from "@/lib/permissions";
import { parseLabelFilter } from "@/lib/ui/flow-list";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Executions");

const SIZE = 25;

export default async function ExecutionsPage({ params, searchParams }: { params: Promise<{ tenantId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const header = <PageHeader title="Executions" description="Every run of a flow: its state, task runs, logs and outputs." />;
  if (!page.can("EXECUTION", "READ")) return <>{header}<NoPermission what="executions" permission="EXECUTION:READ" /></>;

  const filters = executionListParams.parse(flattenSearchParams(await searchParams));
  const span = timeWindow(filters);
  const scope = namespaceScope(page.grants, "EXECUTION", "READ");
  const { found, namespaces } = await withTenant(page.ctx, async (tx) => ({
    found: await findExecutions(tx, {
      q: filters.q,
      namespace: filters.namespace,
      flowId: filters.flowId,
      states: filters.state,
      labels: parseLabelFilter(filters.labels),
      startDate: span.startDate ? new Date(span.startDate) : undefined,
      endDate: span.endDate ? new Date(span.endDate) : undefined,
      page: filters.page,
      size: SIZE,
      sort: filters.sort,
      scope,
    }),
    namespaces: await distinctNamespaces(tx, { scope }),
  }));
  const base = `/ui/${page.tenantId}/executions`;
  const filtered = Boolean(filters.q || filters.namespace || filters.flowId || filters.labels || filters.state.length || (filters.range && filters.range !== "all"));

  if (found.total === 0 && !filtered) {
    return (
      <>
        {header}
        <Panel>
          <EmptyState
            icon={<Play />}
            title="No executions yet"
            actions={page.can("FLOW", "READ") ? <Link href={`/ui/${page.tenantId}/flows`} className={buttonClass("primary")}>Open the flows</Link> : undefined}
          >
            Runs of this tenant&apos;s flows will be listed here with their state, start time and duration, whether started by hand, by the API, a schedule or a webhook.
            {page.can("EXECUTION", "CREATE") && " Start one from a flow’s Execute button."}
          </EmptyState>
        </Panel>
      </>
    );
  }

  return (
    <>
      {header}
      <Panel>
        <ExecutionFilters key={`filters:${JSON.stringify(filters)}`} base={base} values={filters} namespaces={namespaces} />
        {found.total === 0 ? (
          <EmptyState icon={<Search />} title="No execution matches these filters" actions={<Link href={listHref(base, { sort: filters.sort })} className={buttonClass("secondary")}>Clear filters</Link>}>
            Widen the time range or remove a filter.
          </EmptyState>
        ) : (
          <ExecutionsList
            key={`list:${JSON.stringify(filters)}`}
            tenantId={page.tenantId}
            base={base}
            params={filters}
            size={SIZE}
            initial={{ results: found.results.map((r) => r.document), total: found.total }}
            can={{ update: page.can("EXECUTION", "UPDATE"), delete: page.can("EXECUTION", "DELETE") }}
          />
        )}
      </Panel>
    </>
  );
}

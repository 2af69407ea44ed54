import Link from "next/link";
import { notFound } from "next/navigation";
import { withTenant } from "@/db/tenant";
import { findFlows, namespaceSummaries } from "@/db/queries/flows";
import { listKv } from "@/db/queries/kv";
import { listNamespaceFiles } from "@/db/queries/namespace-files";
import { listSecrets } from "@/db/queries/secrets";
import { FilesPanel } from "@/components/namespaces/files-panel";
import { SecretsPanel } from "@/components/namespaces/secrets-panel";
import { ExecutionsTable } from "@/components/flows/executions-table";
import { FlowsTable } from "@/components/flows/flows-table";
import { decodeParam, namespaceHref } from "@/components/flows/links";
import { KvTable } from "@/components/namespaces/kv-table";
import { NamespaceTabs, type NamespaceTab } from "@/components/namespaces/namespace-tabs";
import { NoPermission } from "@/components/shell/no-permission";
import { buttonClass } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Key, Lock, Play, Plus, Workflow } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { Panel } from "@/components/ui/panel";
import { namespaceScope } from "@/lib/permissions";
import { flowListParams } from "@/lib/ui/flow-list";
import { lastExecutions, recentExecutions } from "@/db/queries/flow-activity";
import { requestOrigin } from "@/lib/ui/origin";
import { findTenantPage, getTenantPage, NOT_FOUND_TITLE } from "@/lib/ui/tenant";

type Params = Promise<{ tenantId: string; namespace: string; tab?: string[] }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const TABS: NamespaceTab[] = ["flows", "executions", "kv", "files", "secrets"];
const SIZE = 25;

export async function generateMetadata({ params }: { params: Params }) {
  const { tenantId, namespace } = await params;
  const page = await findTenantPage(tenantId);
  if (!page) return { title: NOT_FOUND_TITLE };
  return { title: `${decodeParam(namespace)} · Namespaces · ${page.tenant.name}` };
}

/** One namespace: its flows (and its children's), its executions, its key-value pairs. */
export default async function NamespacePage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { tenantId, namespace: rawNamespace, tab: rawTab } = await params;
  const namespace = decodeParam(rawNamespace);
  const page = await getTenantPage(tenantId);
  const back = (
    <Link href={`/ui/${page.tenantId}/namespaces`} className="hover:text-zinc-900 hover:underline">
      Namespaces
    </Link>
  );
  if (!page.can("NAMESPACE", "READ")) return <><PageHeader eyebrow={back} title={namespace} /><NoPermission what="namespaces" permission="NAMESPACE:READ" /></>;
  const tab = (rawTab?.[0] ?? "flows") as NamespaceTab;
  if ((rawTab?.length ?? 0) > 1 || !TABS.includes(tab) || !page.can("NAMESPACE", "READ", namespace)) notFound();

  const raw = await searchParams;
  const filters = flowListParams.parse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const canReadFlows = page.can("FLOW", "READ", namespace);
  const canReadExecutions = page.can("EXECUTION", "READ", namespace);
  const canReadKv = page.can("KVSTORE", "READ", namespace);
  const canReadSecrets = page.can("SECRET", "READ", namespace);

  const data = await withTenant(page.ctx, async (tx) => {
    const summaries = await namespaceSummaries(tx, { scope: [namespace] });
    // A namespace with files or secrets but no flow yet is still a namespace.
    if (summaries.length === 0 && tab !== "files" && tab !== "secrets") return null;
    const own = summaries.find((s) => s.namespace === namespace)?.flowCount ?? 0;
    const children = summaries.filter((s) => s.namespace !== namespace).map((s) => s.namespace);
    if (tab === "flows" && canReadFlows) {
      const found = await findFlows(tx, { namespace, sort: filters.sort, page: filters.page, size: SIZE, scope: namespaceScope(page.grants, "FLOW", "READ") });
      return { own, children, flows: found, executions: await lastExecutions(tx, found.results) };
    }
    if (tab === "executions" && canReadExecutions) return { own, children, recent: await recentExecutions(tx, { namespace, limit: 50 }) };
    if (tab === "kv" && canReadKv) return { own, children, kv: await listKv(tx, { namespace }) };
    if (tab === "files") return { own, children, files: await listNamespaceFiles(tx, { namespace }) };
    if (tab === "secrets" && canReadSecrets) return { own, children, secrets: await listSecrets(tx, { namespace }) };
    return { own, children };
  });
  if (!data) notFound();

  const base = namespaceHref(page.tenantId, namespace);
  const header = (
    <>
      <PageHeader
        eyebrow={back}
        title={<span className="font-mono text-[17px] break-all">{namespace}</span>}
        description={
          <>
            {data.own} {data.own === 1 ? "flow" : "flows"}
            {data.children.length > 0 && (
              <>
                {" "}
                · child namespaces{" "}
                {data.children.slice(0, 4).map((c, i) => (
                  <span key={c}>
                    {i > 0 && ", "}
                    <Link href={namespaceHref(page.tenantId, c)} className="font-mono text-[12px] hover:text-zinc-900 hover:underline">
                      {c.slice(namespace.length + 1)}
                    </Link>
                  </span>
                ))}
                {data.children.length > 4 && ` and ${data.children.length - 4} more`}
              </>
            )}
          </>
        }
        actions={
          page.can("FLOW", "CREATE", namespace) ? (
            <Link href={`/ui/${page.tenantId}/flows/new?namespace=${encodeURIComponent(namespace)}`} className={buttonClass("secondary")}>
              <Plus size={14} /> New flow here
            </Link>
          ) : undefined
        }
      />
      <NamespaceTabs tenantId={page.tenantId} namespace={namespace} tab={tab} />
    </>
  );
  const denied = (what: string, permission: string) => (
    <Panel>
      <EmptyState icon={<Lock />} title={`You cannot view ${what} in this namespace`}>
        Your roles here do not include <code>{permission}</code> for <code>{namespace}</code>.
      </EmptyState>
    </Panel>
  );

  if (tab === "flows") {
    if (!("flows" in data) || !data.flows) return <>{header}{denied("flows", "FLOW:READ")}</>;
    const { results, total } = data.flows;
    const query = Object.fromEntries(Object.entries({ sort: filters.sort }).filter(([, v]) => v)) as Record<string, string>;
    return (
      <>
        {header}
        <Panel>
          {results.length === 0 ? (
            <EmptyState icon={<Workflow />} title="No flows you can see here" />
          ) : (
            <FlowsTable
              tenantId={page.tenantId}
              rows={results}
              executions={data.executions}
              base={base}
              params={filters}
              showNamespace={data.children.length > 0}
              namespaceLink={(ns) => namespaceHref(page.tenantId, ns)}
              labelLink={(l) => `/ui/${page.tenantId}/flows?namespace=${encodeURIComponent(namespace)}&labels=${encodeURIComponent(`${l.key}:${l.value}`)}`}
            />
          )}
          {total > SIZE && <Pagination basePath={base} page={filters.page} size={SIZE} total={total} params={query} />}
        </Panel>
      </>
    );
  }

  if (tab === "executions") {
    if (!("recent" in data) || !data.recent) return <>{header}{denied("executions", "EXECUTION:READ")}</>;
    return (
      <>
        {header}
        <Panel title={data.recent.length ? "Latest executions" : undefined}>
          {data.recent.length === 0 ? (
            <EmptyState icon={<Play />} title="No executions in this namespace yet">
              Every execution of a flow of <code>{namespace}</code> will be listed here, newest first, with its flow, state, start time and duration.
            </EmptyState>
          ) : (
            <ExecutionsTable tenantId={page.tenantId} rows={data.recent} showFlow />
          )}
        </Panel>
      </>
    );
  }

  if (tab === "files" && "files" in data && data.files) {
    return (
      <>
        {header}
        <FilesPanel
          tenantId={page.tenantId}
          namespace={namespace}
          rows={data.files.map((f) => ({ path: f.path, type: f.type, size: f.size }))}
          canWrite={page.can("NAMESPACE", "CREATE", namespace)}
          canDelete={page.can("NAMESPACE", "DELETE", namespace)}
        />
      </>
    );
  }

  if (tab === "secrets") {
    if (!("secrets" in data) || !data.secrets) return <>{header}{denied("secrets", "SECRET:READ")}</>;
    return (
      <>
        {header}
        <Panel title="Secrets" description="Read in flows with {{ secret('KEY') }}, here and in child namespaces. Values are encrypted and never shown; logs show ******.">
          <div className="p-3">
            <SecretsPanel
              tenantId={page.tenantId}
              namespace={namespace}
              rows={data.secrets.map((s) => ({ key: s.key, description: s.description, updatedAt: s.updatedAt.toISOString() }))}
              canWrite={page.can("SECRET", "CREATE", namespace)}
              canDelete={page.can("SECRET", "DELETE", namespace)}
            />
            {data.secrets.length === 0 && !page.can("SECRET", "CREATE", namespace) && <EmptyState icon={<Lock />} title="No secrets in this namespace" />}
          </div>
        </Panel>
      </>
    );
  }

  if (!("kv" in data) || !data.kv) return <>{header}{denied("the KV store", "KVSTORE:READ")}</>;
  const origin = await requestOrigin();
  return (
    <>
      {header}
      <Panel title={data.kv.length ? "Key-value pairs" : undefined} description={data.kv.length ? "Read in flows with {{ kv('key') }}; set by the KV tasks or the API." : undefined}>
        {data.kv.length === 0 ? (
          <>
            <EmptyState icon={<Key />} title="No key-value pairs in this namespace">
              Flows read values with <code>{"{{ kv('key') }}"}</code> and write them with the <code>io.kestra.plugin.core.kv.Set</code> task. Values can also be set through the API:
            </EmptyState>
            <div className="mx-auto max-w-3xl px-4 pb-8">
              <CodeBlock
                code={`curl -u "$EMAIL:$PASSWORD" -X PUT ${origin}/api/v1/${page.tenantId}/namespaces/${namespace}/kv/my_key \\\n  -H "Content-Type: application/json" -d '"my value"'`}
              />
            </div>
          </>
        ) : (
          <KvTable rows={data.kv} />
        )}
      </Panel>
    </>
  );
}

import { NoPermission } from "@/components/shell/no-permission";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { SearchForm } from "@/components/ui/search-form";
import { TriggerStates } from "@/components/triggers/trigger-states";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Triggers");

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim().slice(0, 150) || undefined;

/** Every trigger of the tenant with its schedule, next and last fire, state and actions; filters in the URL. */
export default async function TriggersPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<{ q?: string | string[]; namespace?: string | string[] }>;
}) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const header = <PageHeader title="Triggers" description="Schedules, webhooks and flow triggers of this tenant: when each fires next, what it started last, and whether it is enabled." />;
  if (!page.can("TRIGGER", "READ")) return <>{header}<NoPermission what="triggers" permission="TRIGGER:READ" /></>;
  const search = await searchParams;
  const q = first(search.q);
  const namespace = first(search.namespace);
  return (
    <>
      {header}
      <Panel>
        <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2.5">
          <SearchForm action={`/ui/${page.tenantId}/triggers`} q={q} placeholder="Search flows and triggers" />
          {namespace && <span className="text-[12px] text-zinc-500">in namespace {namespace}</span>}
        </div>
        <TriggerStates page={page} q={q} namespace={namespace && /^[a-z0-9][a-z0-9._-]*$/.test(namespace) ? namespace : undefined} />
      </Panel>
    </>
  );
}

import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Play } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { NoPermission } from "@/components/shell/no-permission";
import { requestOrigin } from "@/lib/ui/origin";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Executions");

export default async function ExecutionsPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const header = <PageHeader title="Executions" description="Every run of a flow: its state, task runs, logs and outputs." />;
  if (!page.can("EXECUTION", "READ")) return <>{header}<NoPermission what="executions" permission="EXECUTION:READ" /></>;
  const origin = await requestOrigin();
  return (
    <>
      {header}
      <Panel>
        <EmptyState icon={<Play />} title="No executions yet">
          Runs of this tenant&apos;s flows will be listed here with their state, start time and duration, whether started by hand, by the API, a schedule or a webhook.
          {page.can("EXECUTION", "CREATE") && " Start one through the API once a flow exists:"}
        </EmptyState>
        {page.can("EXECUTION", "CREATE") && (
          <div className="mx-auto grid max-w-3xl gap-3 px-4 pb-8">
            <CodeBlock code={`curl -u "$EMAIL:$PASSWORD" -X POST ${origin}/api/v1/${page.tenantId}/executions/company.team/hello-world`} />
          </div>
        )}
      </Panel>
    </>
  );
}

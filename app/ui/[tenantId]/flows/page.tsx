import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Workflow } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { NoPermission } from "@/components/shell/no-permission";
import { requestOrigin } from "@/lib/ui/origin";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Flows");

const SAMPLE = `id: hello-world
namespace: company.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: Hello from Switchyard`;

export default async function FlowsPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const header = <PageHeader title="Flows" description="Flows are YAML definitions of tasks, inputs and triggers, written as in Kestra." />;
  if (!page.can("FLOW", "READ")) return <>{header}<NoPermission what="flows" permission="FLOW:READ" /></>;
  const origin = await requestOrigin();
  return (
    <>
      {header}
      <Panel>
        <EmptyState icon={<Workflow />} title="No flows yet">
          Each flow of this tenant will be listed here with its namespace, revision, triggers and latest execution.
          {page.can("FLOW", "CREATE") ? " Create the first one by posting its YAML to the API:" : " Your roles do not allow creating flows (FLOW:CREATE)."}
        </EmptyState>
        {page.can("FLOW", "CREATE") && (
          <div className="mx-auto grid max-w-3xl gap-3 px-4 pb-8">
            <CodeBlock label="flow.yaml" code={SAMPLE} />
            <CodeBlock
              code={`curl -u "$EMAIL:$PASSWORD" -X POST ${origin}/api/v1/${page.tenantId}/flows \\\n  -H "Content-Type: application/x-yaml" --data-binary @flow.yaml`}
            />
            <p className="text-[12px] text-zinc-500">Use an API token instead of a password with <code>-H &quot;Authorization: Bearer $TOKEN&quot;</code> (create one under API tokens in the account menu).</p>
          </div>
        )}
      </Panel>
    </>
  );
}

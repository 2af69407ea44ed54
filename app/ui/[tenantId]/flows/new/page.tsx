import Link from "next/link";
import { LazyFlowEditor } from "@/components/flows/lazy";
import { NoPermission } from "@/components/shell/no-permission";
import { PageHeader } from "@/components/ui/page-header";
import { flowCompletionCatalog } from "@/lib/ui/flow-catalog";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("New flow · Flows");

const NAMESPACE = /^[a-z0-9][a-z0-9._-]*$/;
const FLOW_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** A small flow that validates as is, so the first save works and shows the shape. */
function example(namespace: string, id: string): string {
  return `id: ${id}
namespace: ${namespace}
description: Says hello, then logs the time it ran.

labels:
  team: data

inputs:
  - id: name
    type: STRING
    defaults: world

tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: Hello, {{ inputs.name }}!

  - id: when
    type: io.kestra.plugin.core.log.Log
    level: DEBUG
    message: "Ran at {{ execution.startDate }}"
`;
}

export default async function NewFlowPage({ params, searchParams }: { params: Promise<{ tenantId: string }>; searchParams: Promise<{ namespace?: string; id?: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const back = (
    <Link href={`/ui/${page.tenantId}/flows`} className="hover:text-zinc-900 hover:underline">
      Flows
    </Link>
  );
  const header = (
    <PageHeader
      eyebrow={back}
      title="Create a flow"
      description="Write the flow in YAML, as in Kestra. It is checked as you type; Ctrl+Space completes task types and their properties."
    />
  );
  // One statement, not the editor's title and tips above a refusal.
  if (!page.can("FLOW", "CREATE")) {
    return (
      <>
        <PageHeader eyebrow={back} title="New flow" />
        <NoPermission what="the flow editor" permission="FLOW:CREATE" title="You cannot create flows in this tenant" />
      </>
    );
  }
  const query = await searchParams;
  const namespace = query.namespace && NAMESPACE.test(query.namespace) ? query.namespace : "company.team";
  const id = query.id && FLOW_ID.test(query.id) ? query.id : "hello-world";
  return (
    <>
      {header}
      <LazyFlowEditor tenantId={page.tenantId} mode="create" initialSource={example(namespace, id)} catalog={flowCompletionCatalog()} />
    </>
  );
}

import { CodeBlock } from "@/components/ui/code-block";
import { EmptyState } from "@/components/ui/empty-state";
import { Folder } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { NoPermission } from "@/components/shell/no-permission";
import { requestOrigin } from "@/lib/ui/origin";
import { getTenantPage, tenantMetadata } from "@/lib/ui/tenant";

export const generateMetadata = tenantMetadata("Namespaces");

export default async function NamespacesPage({ params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const header = <PageHeader title="Namespaces" description="Dotted names such as company.team that group flows, key-value pairs, secrets and files." />;
  if (!page.can("NAMESPACE", "READ")) return <>{header}<NoPermission what="namespaces" permission="NAMESPACE:READ" /></>;
  const origin = await requestOrigin();
  return (
    <>
      {header}
      <Panel>
        <EmptyState icon={<Folder />} title="No namespaces yet">
          A namespace appears here as soon as a flow is created in it, with its flows, KV store, secrets and namespace files. Roles can be bound to one namespace
          and its children under Access.
        </EmptyState>
        <div className="mx-auto grid max-w-3xl gap-3 px-4 pb-8">
          <CodeBlock code={`curl -u "$EMAIL:$PASSWORD" ${origin}/api/v1/${page.tenantId}/flows/distinct-namespaces`} />
        </div>
      </Panel>
    </>
  );
}

import type { ReactNode } from "react";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { ExecutionHeader } from "@/components/executions/execution-header";
import { executionHref, isExecutionTab, isTerminal } from "@/components/executions/model";
import { decodeParam } from "@/components/flows/links";
import { NoPermission } from "@/components/shell/no-permission";
import { PageHeader } from "@/components/ui/page-header";
import { findExecutionPage, getExecutionDefinition, pauseInputsByTask } from "@/lib/ui/execution-page";
import { findTenantPage, getTenantPage, NOT_FOUND_TITLE } from "@/lib/ui/tenant";

type Params = Promise<{ tenantId: string; namespace: string; flow: string; executionId: string }>;

export async function generateMetadata({ params }: { params: Params }) {
  const { tenantId, executionId } = await params;
  const page = await findTenantPage(tenantId);
  if (!page) return { title: NOT_FOUND_TITLE };
  return { title: `${decodeParam(executionId).slice(0, 8)} · Executions · ${page.tenant.name}` };
}

/**
 * One execution: its header (state, actions, tabs) around the tab's page. The existence
 * check is here, above the tab's loading boundary, so an unknown id (or another tenant's)
 * answers with a real 404 before anything streams; each tab is its own route, so a page
 * loads only its own tab's code.
 */
export default async function ExecutionLayout({ children, params }: { children: ReactNode; params: Params }) {
  const { tenantId, executionId, namespace, flow } = await params;
  const page = await getTenantPage(tenantId);
  if (!page.can("EXECUTION", "READ")) {
    return (
      <>
        <PageHeader title="Execution" />
        <NoPermission what="executions" permission="EXECUTION:READ" />
      </>
    );
  }
  const found = await findExecutionPage(tenantId, executionId);
  if (!found) notFound();
  const { execution, can } = found;
  // The namespace and flow in the URL are for people; a stale pair goes to the right one, same tab.
  if (decodeParam(namespace) !== execution.namespace || decodeParam(flow) !== execution.flowId) {
    const tab = ((await headers()).get("x-switchyard-path") ?? "").split("?")[0]!.split("/")[7] ?? "";
    redirect(executionHref(page.tenantId, execution, isExecutionTab(tab) ? tab : "overview"));
  }
  // A running execution may pause while the page is open: the header gets every Pause task's inputs.
  const resumeInputs = can.update && !isTerminal(execution.state.current) ? pauseInputsByTask(await getExecutionDefinition(tenantId, executionId)) : {};
  return (
    <>
      <ExecutionHeader tenantId={page.tenantId} initial={execution} can={can} resumeInputs={resumeInputs} />
      {children}
    </>
  );
}

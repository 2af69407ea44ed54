import Link from "next/link";
import { headers } from "next/headers";
import { decodeParam } from "@/components/flows/links";
import { buttonClass } from "@/components/ui/button";
import { Plus, Workflow } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { findTenantPage } from "@/lib/ui/tenant";

/**
 * A flow link that leads nowhere: which flow was asked for, why it may be missing, and
 * the ways on (the list, or creating it when allowed). Not-found pages get no params, so
 * the flow is read from the requested path.
 */
export default async function FlowNotFound() {
  const path = (await headers()).get("x-switchyard-path") ?? "";
  const [, , tenantId = "", , , rawNamespace = "", rawId = ""] = path.split("?")[0]!.split("/");
  const namespace = decodeParam(rawNamespace);
  const id = decodeParam(rawId);
  const page = tenantId ? await findTenantPage(tenantId) : null;
  const flows = `/ui/${tenantId}/flows`;
  const canCreate = Boolean(page?.can("FLOW", "CREATE", namespace || undefined));
  return (
    <>
      <title>Flow not found · Switchyard</title>
      <PageHeader
        eyebrow={
          <Link href={flows} className="hover:text-zinc-900 hover:underline">
            Flows
          </Link>
        }
        title="Flow not found"
      />
      <div className="rounded-lg border border-zinc-200 bg-white px-6 py-12 text-center shadow-xs" data-testid="flow-not-found">
        <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">
          <Workflow />
        </div>
        <h2 className="text-[15px]">
          There is no flow <code className="rounded bg-zinc-100 px-1 text-[13px]">{id}</code> in <code className="rounded bg-zinc-100 px-1 text-[13px]">{namespace}</code>
          {page ? <> in {page.tenant.name}</> : null}
        </h2>
        <p className="mx-auto mt-1 max-w-md text-[13px] text-zinc-500">
          It may have been deleted, or the link points to a flow of another tenant: the same id can exist in each tenant, and each tenant only sees its own.
        </p>
        <div className="mt-4 flex flex-wrap justify-center gap-2">
          <Link href={flows} className={buttonClass("secondary")}>
            Back to flows
          </Link>
          {canCreate && (
            <Link href={`${flows}/new?namespace=${encodeURIComponent(namespace)}&id=${encodeURIComponent(id)}`} className={buttonClass("primary")}>
              <Plus size={14} /> Create this flow
            </Link>
          )}
        </div>
      </div>
    </>
  );
}

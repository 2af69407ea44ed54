import Link from "next/link";
import { headers } from "next/headers";
import { decodeParam } from "@/components/flows/links";
import { buttonClass } from "@/components/ui/button";
import { Play } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { findTenantPage } from "@/lib/ui/tenant";

/**
 * An execution link that leads nowhere in this tenant. It says nothing about whether the
 * id exists elsewhere: another tenant's execution looks exactly like a deleted one.
 */
export default async function ExecutionNotFound() {
  const path = (await headers()).get("x-switchyard-path") ?? "";
  const [, , tenantId = "", , , , rawId = ""] = path.split("?")[0]!.split("/");
  const id = decodeParam(rawId);
  const page = tenantId ? await findTenantPage(tenantId) : null;
  const list = `/ui/${tenantId}/executions`;
  return (
    <>
      <title>Execution not found · Switchyard</title>
      <PageHeader
        eyebrow={
          <Link href={list} className="hover:text-zinc-900 hover:underline">
            Executions
          </Link>
        }
        title="Execution not found"
      />
      <div className="rounded-lg border border-zinc-200 bg-white px-6 py-12 text-center shadow-xs" data-testid="execution-not-found">
        <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">
          <Play />
        </div>
        <h2 className="text-[15px]">
          There is no execution <code className="rounded bg-zinc-100 px-1 text-[13px] break-all">{id.slice(0, 64)}</code>
          {page ? <> in {page.tenant.name}</> : null}
        </h2>
        <p className="mx-auto mt-1 max-w-md text-[13px] text-zinc-500">
          It may have been deleted, or the link points to an execution of another tenant: each tenant only sees its own executions.
        </p>
        <div className="mt-4 flex justify-center">
          <Link href={list} className={buttonClass("secondary")}>
            Back to executions
          </Link>
        </div>
      </div>
    </>
  );
}

import Link from "next/link";
import { headers } from "next/headers";
import { Search } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button";

/** Something inside a tenant (a role, later a flow or an execution) that does not exist. */
export default async function TenantItemNotFound() {
  const path = (await headers()).get("x-switchyard-path") ?? "/ui";
  const [, ui, tenant, section] = path.split("?")[0]!.split("/");
  const back = ui === "ui" && tenant ? `/ui/${tenant}${section ? `/${section}` : ""}` : "/ui";
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-6 py-12 text-center shadow-xs">
      <title>Not found · Switchyard</title>
      <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">
        <Search />
      </div>
      <h1 className="text-[15px]">Not found in this tenant</h1>
      <p className="mx-auto mt-1 max-w-md text-[13px] text-zinc-500">It may have been deleted, or the link points to another tenant.</p>
      <Link href={back} className={buttonClass("secondary", "md", "mt-4")}>
        Back to the list
      </Link>
    </div>
  );
}

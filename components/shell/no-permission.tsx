import { Lock } from "@/components/ui/icons";
import { Panel } from "@/components/ui/panel";

/** What a page shows when the user may enter the tenant but not read this section. */
export function NoPermission({ what, permission }: { what: string; permission: string }) {
  return (
    <Panel>
      <div className="flex flex-col items-center px-6 py-12 text-center">
        <div className="mb-3 flex size-10 items-center justify-center rounded-full bg-amber-50 text-amber-700">
          <Lock />
        </div>
        <h2 className="text-[14px] font-semibold">You cannot view {what} in this tenant</h2>
        <p className="mt-1 max-w-md text-[13px] text-zinc-500">
          Your roles here do not include <code className="rounded bg-zinc-100 px-1">{permission}</code>. Ask a tenant admin to bind you a role that does.
        </p>
      </div>
    </Panel>
  );
}

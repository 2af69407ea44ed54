import Link from "next/link";
import { Building, Logo } from "@/components/ui/icons";
import type { SessionUser, TenantSummary } from "@/lib/ui/session";
import { TenantSwitcher } from "./tenant-switcher";
import { UserMenu } from "./user-menu";

/**
 * The top bar of every signed-in page: product, tenant switcher, Administration for
 * superadmins, account menu. The current tenant's colour runs along its top edge so
 * prod never looks like dev.
 */
export function AppHeader({
  user,
  tenants,
  current,
  multiTenant,
}: {
  user: SessionUser;
  tenants: TenantSummary[];
  current?: TenantSummary;
  multiTenant: boolean;
}) {
  return (
    <header
      className="sticky top-0 z-30 border-t-[3px] border-b border-b-zinc-200 bg-white/95 backdrop-blur"
      style={{ borderTopColor: current?.color ?? "#18181b" }}
      data-testid="app-header"
    >
      <div className="flex h-12 items-center gap-2 px-3 md:gap-3 md:px-4">
        <Link href="/ui" className="flex shrink-0 items-center gap-2 rounded-md" aria-label="Switchyard home">
          <Logo />
          <span className="hidden text-[14px] font-semibold tracking-tight sm:inline">Switchyard</span>
        </Link>
        {tenants.length > 0 && (
          <span aria-hidden="true" className="text-zinc-300">
            /
          </span>
        )}
        <TenantSwitcher
          tenants={tenants}
          currentId={current?.id}
          multiTenant={multiTenant}
          manageHref={user.superAdmin && multiTenant ? "/admin/tenants" : undefined}
        />
        <div className="ml-auto flex items-center gap-1 md:gap-2">
          {user.superAdmin && (
            <Link
              href="/admin/tenants"
              className="hidden h-8 items-center gap-1.5 rounded-md px-2 text-[13px] text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 md:inline-flex"
            >
              <Building size={14} />
              Administration
            </Link>
          )}
          <UserMenu email={user.email} name={user.name} superAdmin={user.superAdmin} />
        </div>
      </div>
    </header>
  );
}

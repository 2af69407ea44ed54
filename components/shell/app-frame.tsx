import type { ReactNode } from "react";
import { AppHeader } from "./app-header";
import { SideNav, type NavItem } from "./side-nav";
import type { SessionUser, TenantSummary } from "@/lib/ui/session";

/** Header, section navigation and main column: the frame of every signed-in page. */
export function AppFrame({
  user,
  tenants,
  current,
  multiTenant,
  nav,
  navLabel,
  navFooter,
  children,
}: {
  user: SessionUser;
  tenants: TenantSummary[];
  current?: TenantSummary;
  multiTenant: boolean;
  nav?: NavItem[];
  navLabel?: string;
  navFooter?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh flex-col">
      <a href="#main" className="sr-only z-50 rounded-md bg-white px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
        Skip to content
      </a>
      <AppHeader user={user} tenants={tenants} current={current} multiTenant={multiTenant} />
      <div className="flex flex-1 flex-col md:flex-row">
        {nav && <SideNav items={nav} label={navLabel ?? "Sections"} footer={navFooter} />}
        <main id="main" className="min-w-0 flex-1 px-4 py-5 md:px-8 md:py-6">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}

import type { ReactNode } from "react";
import { AppFrame } from "@/components/shell/app-frame";
import { TenantCookie } from "@/components/shell/tenant-cookie";
import { QueryProvider } from "@/components/providers/query-provider";
import { PendingInvitations } from "@/components/account/invitations";
import { Clock, Folder, Gauge, Play, ScrollText, Shield, Users, Workflow } from "@/components/ui/icons";
import type { NavItem } from "@/components/shell/side-nav";
import { isMultiTenant } from "@/lib/tenancy";
import { accessibleTenants } from "@/lib/ui/session";
import { getTenantPage, type TenantPage } from "@/lib/ui/tenant";

function sections(page: TenantPage): NavItem[] {
  const base = `/ui/${page.tenantId}`;
  const all: (NavItem & { show: boolean })[] = [
    { href: base, label: "Dashboard", icon: <Gauge />, exact: true, show: true },
    { href: `${base}/flows`, label: "Flows", icon: <Workflow />, show: page.can("FLOW", "READ") },
    { href: `${base}/executions`, label: "Executions", icon: <Play />, show: page.can("EXECUTION", "READ") },
    { href: `${base}/triggers`, label: "Triggers", icon: <Clock />, show: page.can("TRIGGER", "READ") },
    { href: `${base}/namespaces`, label: "Namespaces", icon: <Folder />, show: page.can("NAMESPACE", "READ") },
    { href: `${base}/access`, label: "Access", icon: <Users />, show: page.can("TENANT_ACCESS", "READ") },
    { href: `${base}/roles`, label: "Roles", icon: <Shield />, show: page.can("ROLE", "READ") },
    { href: `${base}/audit-logs`, label: "Audit log", icon: <ScrollText />, show: page.can("AUDITLOG", "READ") },
  ];
  return all.filter((s) => s.show).map(({ show: _show, ...item }) => item);
}

/** Every /ui/{tenant} page: the tenant must exist and the user may enter it, else the 404 page. */
export default async function TenantLayout({ children, params }: { children: ReactNode; params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const page = await getTenantPage(tenantId);
  const tenants = await accessibleTenants(page.user);
  const current = { id: page.tenant.id, name: page.tenant.name, color: page.tenant.color };
  return (
    <AppFrame user={page.user} tenants={tenants} current={current} multiTenant={isMultiTenant()} nav={sections(page)} navLabel="Tenant sections">
      <PendingInvitations userId={page.user.id} />
      <QueryProvider key={page.tenantId}>{children}</QueryProvider>
      <TenantCookie tenantId={page.tenantId} />
    </AppFrame>
  );
}

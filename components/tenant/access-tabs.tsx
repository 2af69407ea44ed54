import { TabNav, type TabLink } from "@/components/ui/tab-nav";
import type { TenantPage } from "@/lib/ui/tenant";

/** The access section's pages: members and invitations, groups, service accounts. */
export function AccessTabs({ page, current }: { page: TenantPage; current: "members" | "groups" | "service-accounts" }) {
  const base = `/ui/${page.tenantId}/access`;
  const tabs: (TabLink & { show: boolean })[] = [
    { id: "members", label: "Members", href: base, show: page.can("TENANT_ACCESS", "READ") },
    { id: "groups", label: "Groups", href: `${base}/groups`, show: page.can("GROUP", "READ") },
    { id: "service-accounts", label: "Service accounts", href: `${base}/service-accounts`, show: page.can("SERVICE_ACCOUNT", "READ") },
  ];
  return <TabNav label="Access" tabs={tabs.filter((t) => t.show)} current={current} />;
}

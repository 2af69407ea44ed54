import type { ReactNode } from "react";
import { AppFrame } from "@/components/shell/app-frame";
import { Building, Users } from "@/components/ui/icons";
import { isMultiTenant } from "@/lib/tenancy";
import { accessibleTenants, requireSuperadmin } from "@/lib/ui/session";

/** Instance administration: superadmins only; everyone else gets the 404 page. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireSuperadmin();
  const tenants = await accessibleTenants(user);
  return (
    <AppFrame
      user={user}
      tenants={tenants}
      multiTenant={isMultiTenant()}
      navLabel="Administration"
      nav={[
        { href: "/admin/tenants", label: "Tenants", icon: <Building /> },
        { href: "/admin/users", label: "Users", icon: <Users /> },
      ]}
      navFooter={<p className="text-[11px] leading-4 text-zinc-500">Administration: instance-wide settings, visible to superadmins only.</p>}
    >
      {children}
    </AppFrame>
  );
}

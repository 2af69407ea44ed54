import type { ReactNode } from "react";
import { AppFrame } from "@/components/shell/app-frame";
import { Key } from "@/components/ui/icons";
import { isMultiTenant } from "@/lib/tenancy";
import { accessibleTenants, requireUser } from "@/lib/ui/session";

/** The signed-in user's own settings. */
export default async function AccountLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const tenants = await accessibleTenants(user);
  return (
    <AppFrame user={user} tenants={tenants} multiTenant={isMultiTenant()} navLabel="Account" nav={[{ href: "/account/tokens", label: "API tokens", icon: <Key /> }]}>
      {children}
    </AppFrame>
  );
}

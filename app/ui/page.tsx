import type { Metadata } from "next";
import Link from "next/link";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AppFrame } from "@/components/shell/app-frame";
import { PendingInvitations } from "@/components/account/invitations";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Building } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { Panel } from "@/components/ui/panel";
import { isMultiTenant } from "@/lib/tenancy";
import { TENANT_COOKIE } from "@/lib/ui/cookies";
import { accessibleTenants, requireUser } from "@/lib/ui/session";

export const metadata: Metadata = { title: "Your tenants" };

/** Opens the last tenant viewed if still allowed, else the first one; or says there is none. */
export default async function UiIndex() {
  const user = await requireUser();
  const tenants = await accessibleTenants(user);
  const last = (await cookies()).get(TENANT_COOKIE)?.value;
  const target = tenants.find((t) => t.id === last) ?? tenants[0];
  if (target) redirect(`/ui/${target.id}`);
  return (
    <AppFrame user={user} tenants={tenants} multiTenant={isMultiTenant()}>
      <PageHeader title="No tenant yet" />
      <PendingInvitations userId={user.id} />
      <Panel>
        <EmptyState
          icon={<Building />}
          title={user.superAdmin ? "Create the first tenant" : "You have no tenant yet"}
          actions={
            user.superAdmin ? (
              <Link href="/admin/tenants" className={buttonClass("primary")}>
                Create a tenant
              </Link>
            ) : undefined
          }
        >
          {user.superAdmin
            ? "Tenants hold flows, executions and their access rules apart: one per environment, team or customer."
            : "Everything in Switchyard lives in a tenant, and you have not been given access to one. Ask a tenant admin to invite you; the invitation appears here, and you join once you accept it."}
        </EmptyState>
      </Panel>
    </AppFrame>
  );
}

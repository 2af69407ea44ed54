import type { Metadata } from "next";
import { NotFoundCard } from "@/components/shell/not-found-card";

export const metadata: Metadata = { title: "Tenant not found" };

/** Unknown tenant and tenant without access look the same, so tenant ids cannot be probed. */
export default function TenantNotFound() {
  return (
    <NotFoundCard title="Tenant not found or you have no access">
      Check the address, or pick one of your tenants. If you should have access, ask a tenant admin or a superadmin to grant it.
    </NotFoundCard>
  );
}

"use client";

import { useEffect } from "react";
import { TENANT_COOKIE } from "@/lib/ui/cookies";

/**
 * Remembers the tenant being viewed, so /ui opens it next time. Rendered only after the
 * layout checked access; /ui checks again before using it.
 */
export function TenantCookie({ tenantId }: { tenantId: string }) {
  useEffect(() => {
    document.cookie = `${TENANT_COOKIE}=${encodeURIComponent(tenantId)}; path=/; max-age=31536000; samesite=lax`;
  }, [tenantId]);
  return null;
}

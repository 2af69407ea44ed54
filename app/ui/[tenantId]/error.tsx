"use client";

import { ErrorPanel } from "@/components/shell/error-panel";

export default function TenantError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorPanel error={error} retry={retry} />;
}

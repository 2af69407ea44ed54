import { TabNav } from "@/components/ui/tab-nav";
import { namespaceHref } from "@/components/flows/links";

export type NamespaceTab = "flows" | "executions" | "kv" | "files" | "secrets";

const TABS: { id: NamespaceTab; label: string }[] = [
  { id: "flows", label: "Flows" },
  { id: "executions", label: "Executions" },
  { id: "kv", label: "KV store" },
  { id: "files", label: "Files" },
  { id: "secrets", label: "Secrets" },
];

/** The sections of a namespace page; the tab is the last segment of the URL (none for flows). */
export function NamespaceTabs({ tenantId, namespace, tab }: { tenantId: string; namespace: string; tab: NamespaceTab }) {
  return (
    <TabNav label="Namespace sections" current={tab} tabs={TABS.map((t) => ({ ...t, href: namespaceHref(tenantId, namespace, t.id === "flows" ? undefined : t.id) }))} />
  );
}

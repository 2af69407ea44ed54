/** The tabs of a flow page, in order; the tab is the last segment of the URL. */
export const FLOW_TABS = [
  { id: "overview", label: "Overview" },
  { id: "editor", label: "Editor" },
  { id: "topology", label: "Topology" },
  { id: "revisions", label: "Revisions" },
  { id: "executions", label: "Executions" },
  { id: "triggers", label: "Triggers" },
] as const;

export type FlowTab = (typeof FLOW_TABS)[number]["id"];

export function isFlowTab(value: string): value is FlowTab {
  return FLOW_TABS.some((t) => t.id === value);
}

/** `/ui/{tenant}/flows/edit/{namespace}/{id}/{tab}`. */
export function flowHref(tenantId: string, namespace: string, id: string, tab: FlowTab = "overview"): string {
  return `/ui/${tenantId}/flows/edit/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}/${tab}`;
}

export function namespaceHref(tenantId: string, namespace: string, tab?: "executions" | "kv" | "files" | "secrets"): string {
  return `/ui/${tenantId}/namespaces/${encodeURIComponent(namespace)}${tab ? `/${tab}` : ""}`;
}

/** A route param as written (`company.team`), whether or not the router decoded it. */
export { decodeParam } from "@/lib/ui/params";

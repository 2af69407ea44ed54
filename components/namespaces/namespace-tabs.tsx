import Link from "next/link";
import { namespaceHref } from "@/components/flows/links";
import { cn } from "@/lib/ui/cn";

export type NamespaceTab = "flows" | "executions" | "kv";

const TABS: { id: NamespaceTab; label: string }[] = [
  { id: "flows", label: "Flows" },
  { id: "executions", label: "Executions" },
  { id: "kv", label: "KV store" },
];

/** The sections of a namespace page; the tab is the last segment of the URL (none for flows). */
export function NamespaceTabs({ tenantId, namespace, tab }: { tenantId: string; namespace: string; tab: NamespaceTab }) {
  return (
    <nav aria-label="Namespace sections" className="-mx-4 mb-4 overflow-x-auto border-b border-zinc-200 px-4 md:mx-0 md:px-0">
      <ul className="flex gap-1">
        {TABS.map((t) => {
          const active = t.id === tab;
          return (
            <li key={t.id} className="shrink-0">
              <Link
                href={namespaceHref(tenantId, namespace, t.id === "flows" ? undefined : t.id)}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px flex h-9 items-center border-b-2 px-2.5 text-[13px] whitespace-nowrap transition-colors",
                  active ? "border-zinc-900 font-medium text-zinc-900" : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-900",
                )}
              >
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

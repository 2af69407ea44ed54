"use client";

import type { FlowGraph } from "@/lib/ui/flow-graph";
import type { CompletionCatalog, PluginCategory } from "@/lib/ui/flow-completion";
import { LazyTopology } from "./lazy-topology";

/** The documentation of the plugin type under the cursor, from the completion catalog (the flow's JSON schema). */
function TypeDocs({ catalog, at }: { catalog: CompletionCatalog; at: { type: string; category: PluginCategory } | null }) {
  if (!at) {
    return (
      <p className="px-3 py-3 text-[12px] text-zinc-500" data-testid="type-docs-empty">
        Put the cursor in a task, trigger or condition to read about its type here.
      </p>
    );
  }
  const plugin = catalog[at.category].find((p) => p.type === at.type) ?? [...catalog.task, ...catalog.trigger, ...catalog.condition].find((p) => p.type === at.type);
  if (!plugin) {
    return (
      <p className="px-3 py-3 text-[12px] text-zinc-600" data-testid="type-docs">
        <code className="font-mono">{at.type}</code> is not a known {at.category} type. Ctrl+Space on the <code>type:</code> value lists them.
      </p>
    );
  }
  const required = plugin.properties.filter((p) => p.required);
  const optional = plugin.properties.filter((p) => !p.required);
  return (
    <div className="px-3 py-2.5" data-testid="type-docs" data-type={plugin.type}>
      <h3 className="font-mono text-[12px] font-semibold break-all text-zinc-900">{plugin.type}</h3>
      {plugin.title && <p className="mt-0.5 text-[12px] text-zinc-600">{plugin.title}</p>}
      {[
        ["Required properties", required],
        ["Optional properties", optional],
      ].map(([label, list]) =>
        (list as typeof required).length ? (
          <section key={label as string} className="mt-2.5">
            <h4 className="text-[11px] font-medium tracking-wide text-zinc-500 uppercase">{label as string}</h4>
            <dl className="mt-1 divide-y divide-zinc-100 rounded-md border border-zinc-200">
              {(list as typeof required).map((p) => (
                <div key={p.name} className="grid grid-cols-[minmax(6rem,40%)_1fr] gap-2 px-2 py-1 text-[12px]">
                  <dt className="truncate font-mono text-zinc-900" title={p.name}>
                    {p.name}
                  </dt>
                  <dd className="min-w-0 text-zinc-600">
                    {p.name === "type" ? "this type's name" : (p.kind ?? "any")}
                    {p.values && p.name !== "type" && <span className="block truncate font-mono text-[11px] text-zinc-500" title={p.values.join(", ")}>{p.values.join(" · ")}</span>}
                    {p.default !== undefined && <span className="block text-[11px] text-zinc-500">default {p.default}</span>}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ) : null,
      )}
    </div>
  );
}

/** The editor's side: the live topology of the text being edited, and the docs of the type under the cursor. */
export function EditorSide({ graph, stale, catalog, at }: { graph: FlowGraph | null; stale: boolean; catalog: CompletionCatalog; at: { type: string; category: PluginCategory } | null }) {
  return (
    <aside className="hidden w-[42%] min-w-[320px] flex-col border-l border-zinc-200 md:flex" aria-label="Topology and documentation" data-testid="editor-side">
      <div className="flex items-center justify-between border-b border-zinc-200 bg-zinc-50 px-3 py-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">
        Topology
        {stale && <span className="font-normal tracking-normal normal-case">the last text that parsed</span>}
      </div>
      <div className="relative h-1/2 min-h-40 border-b border-zinc-200" data-testid="editor-topology">
        {graph && graph.nodes.length > 0 ? (
          // Keyed by the graph's shape: a task added or removed fits the view again.
          <LazyTopology key={graph.nodes.map((n) => n.id).join("|")} graph={graph} />
        ) : (
          <p className="px-3 py-3 text-[12px] text-zinc-500">{graph ? "No task yet: the graph appears as you add tasks." : "Drawing the topology…"}</p>
        )}
      </div>
      <div className="border-b border-zinc-200 bg-zinc-50 px-3 py-1 text-[11px] font-medium tracking-wide text-zinc-500 uppercase">Documentation</div>
      <div className="min-h-0 flex-1 overflow-auto">
        <TypeDocs catalog={catalog} at={at} />
      </div>
    </aside>
  );
}

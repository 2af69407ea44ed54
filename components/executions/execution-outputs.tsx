"use client";

import { useState } from "react";
import { StateBadge } from "@/components/flows/state-badge";
import { buttonClass } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import type { Execution } from "@/engine/executor/types";
import { isStorageUri, taskRunTree } from "./model";
import { fileUrl } from "./value-view";
import { useExecution } from "./use-execution";

const PREVIEW_BYTES = 100 * 1024;

/** The first 100 KB of a file as text, read from the stream and then cancelled. */
async function readPreview(url: string): Promise<{ text: string; truncated: boolean }> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < PREVIEW_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const truncated = size >= PREVIEW_BYTES;
  await reader.cancel().catch(() => undefined);
  const all = new Uint8Array(Math.min(size, PREVIEW_BYTES));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, Math.min(c.length, all.length - at));
    all.set(part, at);
    at += part.length;
    if (at >= all.length) break;
  }
  return { text: new TextDecoder("utf-8", { fatal: false }).decode(all), truncated };
}

function FileValue({ tenantId, executionId, uri }: { tenantId: string; executionId: string; uri: string }) {
  const [preview, setPreview] = useState<{ text: string; truncated: boolean } | { error: string } | null>(null);
  const url = fileUrl(tenantId, executionId, uri);
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-[12px] break-all text-zinc-700">{uri.slice(uri.lastIndexOf("/") + 1)}</span>
        <button
          type="button"
          className={buttonClass("secondary", "sm")}
          onClick={async () => {
            if (preview) return setPreview(null);
            try {
              setPreview(await readPreview(url));
            } catch (e) {
              setPreview({ error: e instanceof Error ? e.message : "failed" });
            }
          }}
        >
          {preview ? "Hide preview" : "Preview"}
        </button>
        <a href={url} download className={buttonClass("secondary", "sm")}>
          Download
        </a>
      </div>
      {preview &&
        ("error" in preview ? (
          <p className="text-[12px] text-red-600">Could not read the file: {preview.error}</p>
        ) : (
          <div>
            <pre className="max-h-80 overflow-auto rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-[11.5px] leading-4 whitespace-pre-wrap break-all" data-testid="file-preview">
              {preview.text}
            </pre>
            {preview.truncated && <p className="mt-1 text-[11px] text-zinc-500">First 100 KB shown; download the file for the rest.</p>}
          </div>
        ))}
    </div>
  );
}

/** An outputs value as an expandable tree; `kestra:///` files get a preview and a download. */
function Tree({ value, tenantId, executionId, name }: { value: unknown; tenantId: string; executionId: string; name?: string }) {
  const label = name !== undefined && <span className="font-mono text-[12px] text-zinc-500">{name}</span>;
  if (isStorageUri(value)) {
    return (
      <div className="py-0.5">
        {label}
        <FileValue tenantId={tenantId} executionId={executionId} uri={value} />
      </div>
    );
  }
  if (value && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    return (
      <details open={entries.length <= 20} className="py-0.5">
        <summary className="cursor-pointer">
          {label}{" "}
          <span className="font-mono text-[11px] text-zinc-400">
            {Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}
          </span>
        </summary>
        <div className="ml-3 border-l border-zinc-200 pl-3">
          {entries.map(([k, v]) => (
            <Tree key={k} name={k} value={v} tenantId={tenantId} executionId={executionId} />
          ))}
        </div>
      </details>
    );
  }
  return (
    <div className="flex gap-2 py-0.5">
      {label}
      <span className="min-w-0 font-mono text-[12px] break-all whitespace-pre-wrap text-zinc-900">{value === null || value === undefined ? "null" : typeof value === "string" ? value : JSON.stringify(value)}</span>
    </div>
  );
}

/** The outputs tab: each task run's outputs as a tree, and the flow's outputs. */
export function ExecutionOutputs({ tenantId, initial }: { tenantId: string; initial: Execution }) {
  const execution = useExecution(tenantId, initial);
  const runs = taskRunTree(execution.taskRunList).filter(({ run }) => run.outputs && Object.keys(run.outputs).length > 0);
  return (
    <div className="space-y-4">
      {execution.outputs && Object.keys(execution.outputs).length > 0 && (
        <Panel title="Flow outputs">
          <div className="px-4 py-2">
            <Tree value={execution.outputs} tenantId={tenantId} executionId={execution.id} />
          </div>
        </Panel>
      )}
      <Panel title="Task outputs" description="What each task run returned; files live in the tenant's internal storage.">
        {runs.length === 0 ? (
          <p className="px-4 py-6 text-[13px] text-zinc-500">No task run has outputs{execution.state.endDate ? "." : " yet."}</p>
        ) : (
          <ul className="divide-y divide-zinc-100" data-testid="task-outputs">
            {runs.map(({ run }) => (
              <li key={run.id} className="px-4 py-2">
                <div className="mb-1 flex items-center gap-2">
                  <span className="text-[13px] font-medium">{run.taskId}</span>
                  {run.value !== null && run.value !== undefined && <span className="font-mono text-[11px] text-zinc-500">[{run.value}]</span>}
                  <StateBadge state={run.state.current} />
                </div>
                {Object.entries(run.outputs ?? {}).map(([k, v]) => (
                  <Tree key={k} name={k} value={v} tenantId={tenantId} executionId={execution.id} />
                ))}
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}

"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LabelChips } from "@/components/flows/label-chips";
import { StateBadge } from "@/components/flows/state-badge";
import { flowHref } from "@/components/flows/links";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/action-form";
import { Panel } from "@/components/ui/panel";
import type { Execution, Label } from "@/engine/executor/types";
import { setExecutionLabelsAction } from "@/lib/actions/executions";
import { formatDateTime } from "@/lib/ui/format";
import { elapsedMs, executionHref, formatMs, shortId } from "./model";
import { ValueTable } from "./value-view";
import { FailedTasks } from "./task-run-details";
import { executionKey, useExecution } from "./use-execution";

export type RelatedExecution = { id: string; namespace: string; flowId: string; state: string };

function LabelsEditor({ tenantId, execution, canEdit }: { tenantId: string; execution: Execution; canEdit: boolean }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const labels = execution.labels ?? [];
  // `system.*` labels (correlation id, ...) are the engine's: shown, kept on save, not edited.
  const system = labels.filter((l) => l.key.startsWith("system."));
  const editable = labels.filter((l) => !l.key.startsWith("system."));
  if (!editing) {
    return (
      <div className="flex flex-wrap items-center gap-2 px-4 py-3" data-testid="execution-labels">
        <LabelChips labels={labels} max={50} href={(l) => `/ui/${tenantId}/executions?labels=${encodeURIComponent(`${l.key}:${l.value}`)}`} />
        {canEdit && (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setText(editable.map((l) => `${l.key}:${l.value}`).join("\n"));
              setError(null);
              setEditing(true);
            }}
          >
            Edit labels
          </Button>
        )}
      </div>
    );
  }
  const save = async () => {
    const parsed: Label[] = [];
    for (const line of text.split(/\n|,/).map((s) => s.trim()).filter(Boolean)) {
      const at = line.indexOf(":");
      if (at < 1) return setError(`“${line}” is not key:value.`);
      const key = line.slice(0, at).trim();
      if (key.startsWith("system.")) return setError(`“${key}” is a system label: Switchyard sets those.`);
      parsed.push({ key, value: line.slice(at + 1).trim() });
    }
    const next = [...system, ...parsed];
    setPending(true);
    const result = await setExecutionLabelsAction({ tenantId, id: execution.id, labels: next });
    setPending(false);
    if (!result.ok) return setError(result.error);
    client.setQueryData(executionKey(tenantId, execution.id), (old: Execution | undefined) => (old ? { ...old, labels: next } : old));
    setEditing(false);
  };
  return (
    <div className="space-y-2 px-4 py-3">
      <label htmlFor="labels-text" className="block text-[12px] font-medium text-zinc-700">
        Labels, one key:value per line
      </label>
      <textarea id="labels-text" value={text} onChange={(e) => setText(e.target.value)} rows={4} className="field-input h-auto py-1.5 font-mono text-[12px]" />
      {error && <FormError message={error} />}
      <div className="flex gap-2">
        <Button size="sm" variant="primary" onClick={save} disabled={pending}>
          {pending ? "Saving…" : "Save labels"}
        </Button>
        <Button size="sm" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

const row = "grid grid-cols-[8rem_1fr] gap-2 px-4 py-1.5 text-[13px]";

/** The overview tab: state and its history, duration, trigger, parent and children, labels, inputs, outputs. */
export function ExecutionOverview({
  tenantId,
  initial,
  canEdit,
  subflows: childExecutions,
}: {
  tenantId: string;
  initial: Execution;
  canEdit: boolean;
  subflows: RelatedExecution[];
}) {
  const execution = useExecution(tenantId, initial);
  const vars = (execution.trigger?.variables ?? {}) as Record<string, unknown>;
  const parent =
    typeof vars.executionId === "string" && typeof vars.namespace === "string" && typeof vars.flowId === "string"
      ? { id: vars.executionId, namespace: vars.namespace, flowId: vars.flowId }
      : null;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        <FailedTasks tenantId={tenantId} execution={execution} />
        <Panel title="Inputs">
          <ValueTable values={execution.inputs} tenantId={tenantId} executionId={execution.id} empty="This execution has no inputs." />
        </Panel>
        <Panel title="Outputs" description="The flow's outputs; each task's are under the Outputs tab.">
          <ValueTable values={execution.outputs} tenantId={tenantId} executionId={execution.id} empty="No flow outputs." />
        </Panel>
        <Panel title="Labels">
          <LabelsEditor tenantId={tenantId} execution={execution} canEdit={canEdit} />
        </Panel>
      </div>
      <div className="space-y-4">
        <Panel title="Summary" bodyClassName="py-2">
          <div className={row}>
            <span className="text-zinc-500">State</span>
            <span>
              <StateBadge state={execution.state.current} />
            </span>
          </div>
          <div className={row}>
            <span className="text-zinc-500">Flow</span>
            <Link
              href={flowHref(tenantId, execution.namespace, execution.flowId)}
              className="truncate hover:underline"
              title={`${execution.namespace}/${execution.flowId}, revision ${execution.flowRevision}`}
            >
              {execution.namespace}/{execution.flowId} <span className="text-zinc-500">rev. {execution.flowRevision}</span>
            </Link>
          </div>
          <div className={row}>
            <span className="text-zinc-500">Started</span>
            <span>{formatDateTime(execution.state.startDate)}</span>
          </div>
          <div className={row}>
            <span className="text-zinc-500">Ended</span>
            <span>{formatDateTime(execution.state.endDate)}</span>
          </div>
          <div className={row}>
            <span className="text-zinc-500">Duration</span>
            <span className="tabular-nums" data-testid="execution-duration" suppressHydrationWarning>
              {formatMs(elapsedMs(execution.state.startDate, execution.state.endDate))}
            </span>
          </div>
          <div className={row}>
            <span className="text-zinc-500">Trigger</span>
            <span className="min-w-0 truncate font-mono text-[12px]" title={execution.trigger?.type}>
              {execution.trigger ? `${execution.trigger.id} (${execution.trigger.type.slice(execution.trigger.type.lastIndexOf(".") + 1)})` : "manual / API"}
            </span>
          </div>
          {parent && (
            <div className={row}>
              <span className="text-zinc-500">Parent</span>
              <Link href={executionHref(tenantId, parent)} className="font-mono text-[12px] hover:underline" data-testid="parent-link">
                {parent.namespace}/{parent.flowId} · {shortId(parent.id)}
              </Link>
            </div>
          )}
          {execution.originalId && execution.originalId !== execution.id && (
            <div className={row}>
              <span className="text-zinc-500">Replay of</span>
              <span className="font-mono text-[12px]">{shortId(execution.originalId)}</span>
            </div>
          )}
        </Panel>
        {childExecutions.length > 0 && (
          <Panel title="Subflow executions">
            <ul className="divide-y divide-zinc-100">
              {childExecutions.map((c) => (
                <li key={c.id} className="flex items-center justify-between gap-2 px-4 py-1.5 text-[13px]">
                  <Link href={executionHref(tenantId, c)} className="min-w-0 truncate hover:underline">
                    {c.namespace}/{c.flowId} <span className="font-mono text-[12px] text-zinc-500">{shortId(c.id)}</span>
                  </Link>
                  <StateBadge state={c.state} />
                </li>
              ))}
            </ul>
          </Panel>
        )}
        <Panel title="State history">
          <ol className="px-4 py-2" data-testid="state-history">
            {execution.state.histories.map((h, i) => (
              <li key={`${h.state}-${i}`} className="flex items-center justify-between gap-2 py-1 text-[12px]">
                <StateBadge state={h.state} />
                <span className="text-zinc-500 tabular-nums">{formatDateTime(h.date).replace(" UTC", "")}:{String(new Date(h.date).getUTCSeconds()).padStart(2, "0")} UTC</span>
              </li>
            ))}
          </ol>
        </Panel>
      </div>
    </div>
  );
}

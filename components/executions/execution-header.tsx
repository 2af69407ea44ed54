"use client";

import Link from "next/link";
import { TabNav } from "@/components/ui/tab-nav";
import { useRouter, useSelectedLayoutSegment } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { StateBadge } from "@/components/flows/state-badge";
import { flowHref } from "@/components/flows/links";
import { PageHeader } from "@/components/ui/page-header";
import { Field, Input, Select } from "@/components/ui/field";
import { Trash } from "@/components/ui/icons";
import type { Execution } from "@/engine/executor/types";
import { deleteExecutionAction, killExecutionAction, replayExecutionAction, restartExecutionAction, resumeExecutionAction } from "@/lib/actions/executions";
import type { ActionResult } from "@/lib/actions/wrapper";
import { tenantKey } from "@/lib/ui/query-keys";
import { formatDateTime } from "@/lib/ui/format";
import { ConfirmDialog } from "./confirm-dialog";
import { EXECUTION_TABS, elapsedMs, executionHref, formatMs, isExecutionTab, isTerminal } from "./model";
import { executionKey, useExecution } from "./use-execution";

import type { ResumeInput } from "@/lib/ui/execution-page";

export type { ResumeInput };
export type ExecutionPermissions = { update: boolean; create: boolean; delete: boolean };

/** Title, state, actions (kill, restart, replay, resume, delete) and the tabs of an execution page. */
export function ExecutionHeader({
  tenantId,
  initial,
  can,
  resumeInputs: resumeInputsByTask,
}: {
  tenantId: string;
  initial: Execution;
  can: ExecutionPermissions;
  /** The `onResume` inputs of the flow's Pause tasks, by task id. */
  resumeInputs: Record<string, ResumeInput[]>;
}) {
  const execution = useExecution(tenantId, initial);
  // The header lives in the execution's layout; the tab is the page below it (none: the overview).
  const segment = useSelectedLayoutSegment();
  const tab = segment && isExecutionTab(segment) ? segment : "overview";
  const router = useRouter();
  const client = useQueryClient();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const state = execution.state.current;
  const id = execution.id;
  const pausedTasks = new Set(execution.taskRunList.filter((r) => r.state.current === "PAUSED").map((r) => r.taskId));
  const resumeInputs = [...pausedTasks].flatMap((taskId) => resumeInputsByTask[taskId] ?? []);

  const after = async (result: ActionResult) => {
    if (!result.ok) return result.error;
    await client.invalidateQueries({ queryKey: tenantKey(tenantId) });
    return null;
  };
  const run = (action: (input: Record<string, unknown>) => Promise<ActionResult>, extra: Record<string, unknown> = {}) => async () => after(await action({ tenantId, id, ...extra }));

  const failedLike = ["FAILED", "KILLED", "WARNING", "CANCELLED"].includes(state);
  const actions = (
    <>
      {can.update && !isTerminal(state) && state !== "KILLING" && (
        <ConfirmDialog testId="kill" label="Kill" title="Kill this execution?" description="Its running task runs are stopped and it ends as KILLED." confirmLabel="Kill execution" onConfirm={run(killExecutionAction)} />
      )}
      {can.update && state === "PAUSED" && (
        <ConfirmDialog
          testId="resume"
          variant="primary"
          tone="primary"
          label="Resume"
          title="Resume this execution?"
          description={resumeInputs.length ? "The paused task asks for these inputs." : "The paused task continues at once."}
          confirmLabel="Resume"
          onConfirm={async (form) => {
            const values: Record<string, unknown> = {};
            for (const input of resumeInputs) values[`inputs.${input.id}`] = String(form.get(input.id) ?? "");
            const result = await resumeExecutionAction({ tenantId, id, ...values });
            setFieldErrors(!result.ok && result.fieldErrors ? result.fieldErrors : {});
            return after(result);
          }}
        >
          {resumeInputs.map((input) => (
            <Field key={input.id} label={`${input.id}${input.required === false ? "" : " *"}`} htmlFor={`resume-${input.id}`} hint={input.description} error={fieldErrors[`inputs.${input.id}`]}>
              {input.type === "BOOLEAN" || input.type === "BOOL" ? (
                <Select id={`resume-${input.id}`} name={input.id} defaultValue={String(input.defaults ?? "true")}>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </Select>
              ) : (
                <Input id={`resume-${input.id}`} name={input.id} defaultValue={input.defaults === undefined ? "" : String(input.defaults)} invalid={Boolean(fieldErrors[`inputs.${input.id}`])} />
              )}
            </Field>
          ))}
        </ConfirmDialog>
      )}
      {can.update && failedLike && (
        <ConfirmDialog testId="restart" tone="primary" label="Restart" title="Restart this execution?" description="Its failed task runs run again, in this same execution." confirmLabel="Restart" onConfirm={run(restartExecutionAction)} />
      )}
      {can.create && isTerminal(state) && (
        <ConfirmDialog
          testId="replay"
          tone="primary"
          label="Replay"
          title="Replay this execution?"
          description="A new execution of the same revision starts, with these inputs; task runs before the chosen one keep their outputs."
          confirmLabel="Replay"
          onConfirm={async (form) => {
            const result = await replayExecutionAction({ tenantId, id, taskRunId: String(form.get("taskRunId") ?? "") });
            if (!result.ok) return result.error;
            const created = result.data as { id: string; namespace: string; flowId: string };
            router.push(executionHref(tenantId, created));
            return null;
          }}
        >
          <Field label="Replay from" htmlFor="replay-from">
            <Select id="replay-from" name="taskRunId" defaultValue="">
              <option value="">the start</option>
              {execution.taskRunList.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.taskId}
                  {r.value !== null && r.value !== undefined ? ` [${r.value}]` : ""} ({r.state.current})
                </option>
              ))}
            </Select>
          </Field>
        </ConfirmDialog>
      )}
      {can.delete && (
        <ConfirmDialog
          testId="delete"
          variant="danger-outline"
          label={
            <>
              <Trash size={14} /> Delete
            </>
          }
          title="Delete this execution?"
          description="The execution, its logs and its files are deleted. This cannot be undone."
          confirmLabel="Delete execution"
          onConfirm={async () => {
            const result = await deleteExecutionAction({ tenantId, id });
            if (!result.ok) return result.error;
            client.removeQueries({ queryKey: executionKey(tenantId, id) });
            router.push(`/ui/${tenantId}/executions`);
            return null;
          }}
        />
      )}
    </>
  );

  return (
    <>
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-1.5">
            <Link href={`/ui/${tenantId}/executions`} className="hover:text-zinc-900 hover:underline">
              Executions
            </Link>
            <span aria-hidden="true" className="text-zinc-300">
              /
            </span>
            <Link href={flowHref(tenantId, execution.namespace, execution.flowId)} className="font-mono text-[11.5px] hover:text-zinc-900 hover:underline">
              {execution.namespace}/{execution.flowId}
            </Link>
          </span>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-[15px] break-all" data-testid="execution-id">
              {id}
            </span>
            <span data-testid="execution-state" data-state={state}>
              <StateBadge state={state} />
            </span>
          </span>
        }
        description={
          <span className="flex flex-wrap items-center gap-x-2">
            <span>Revision {execution.flowRevision}</span>
            <span aria-hidden="true">·</span>
            <span>started {formatDateTime(execution.state.startDate)}</span>
            <span aria-hidden="true">·</span>
            <span suppressHydrationWarning>{formatMs(elapsedMs(execution.state.startDate, execution.state.endDate))}</span>
          </span>
        }
        actions={actions}
      />
      <TabNav label="Execution sections" current={tab} tabs={EXECUTION_TABS.map((t) => ({ ...t, href: executionHref(tenantId, execution, t.id) }))} />
    </>
  );
}

"use client";

import { useEffect, useId, useState } from "react";
import { useRouter } from "next/navigation";
import { ActionForm, SubmitButton, fieldError } from "@/components/ui/action-form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { createTriggerBackfill, deleteTriggerBackfill, pauseTriggerBackfill } from "@/lib/actions/triggers";

type Key = { tenantId: string; namespace: string; flowId: string; triggerId: string };
export type BackfillState = { start: string; end: string | null; currentDate: string; paused: boolean; done: number; total: number };

/** The backfill form of a Schedule: start, end (now when empty), inputs and labels, in the viewer's zone. */
export function BackfillForm({ triggerKey }: { triggerKey: Key }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const label = `${triggerKey.namespace}.${triggerKey.flowId} ${triggerKey.triggerId}`;
  if (!open) {
    return (
      <button type="button" className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-[12px] font-medium text-zinc-700 hover:bg-zinc-50" onClick={() => setOpen(true)} aria-label={`Backfill ${label}`}>
        Backfill
      </button>
    );
  }
  // The browser's zone (the form only ever renders in the browser, after a click): the dates typed are read in it.
  const offset = String(new Date().getTimezoneOffset());
  // Over the page, not in the table cell: a cell at the table's right edge would clip it.
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-zinc-900/30 p-4" role="presentation">
    <ActionForm action={createTriggerBackfill} hidden={{ ...triggerKey, offset }} aria-label={`Backfill ${label}`} className="w-full max-w-md space-y-2 rounded-lg border border-zinc-200 bg-white p-4 text-left shadow-lg" onSuccess={() => setOpen(false)}>
      {(state) => (
        <>
          <h2 className="text-[14px] font-semibold text-zinc-900">Backfill {triggerKey.flowId} · {triggerKey.triggerId}</h2>
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
            <Field label="Start" htmlFor={`${id}-start`} error={fieldError(state, "start")}>
              <Input id={`${id}-start`} name="start" type="datetime-local" required />
            </Field>
            <Field label="End" htmlFor={`${id}-end`} hint="Empty: now" error={fieldError(state, "end")}>
              <Input id={`${id}-end`} name="end" type="datetime-local" />
            </Field>
          </div>
          <Field label="Inputs" htmlFor={`${id}-inputs`} hint="key=value, one per line" error={fieldError(state, "inputLines")}>
            <Textarea id={`${id}-inputs`} name="inputLines" rows={2} className="font-mono text-[12px]" />
          </Field>
          <Field label="Labels" htmlFor={`${id}-labels`} hint="key=value, one per line" error={fieldError(state, "labelLines")}>
            <Textarea id={`${id}-labels`} name="labelLines" rows={2} className="font-mono text-[12px]" />
          </Field>
          <div className="flex justify-end gap-1.5">
            <button type="button" className="rounded-md px-2 py-1 text-[12px] text-zinc-600 hover:bg-zinc-100" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <SubmitButton size="sm" pendingText="Starting…">
              Start backfill
            </SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
    </div>
  );
}

/** A backfill under way: done / total with a bar, pause or resume, delete; refreshes itself while it runs. */
export function BackfillProgress({ triggerKey, backfill }: { triggerKey: Key; backfill: BackfillState }) {
  const router = useRouter();
  const running = !backfill.paused && backfill.done < backfill.total;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [running, router]);
  const percent = backfill.total ? Math.round((backfill.done / backfill.total) * 100) : 100;
  const label = `${triggerKey.namespace}.${triggerKey.flowId} ${triggerKey.triggerId}`;
  return (
    <div className="mt-1.5 min-w-48 space-y-1" data-testid="backfill-progress">
      <div className="flex items-center justify-between gap-2 text-[12px] text-zinc-600">
        <span>
          Backfill {backfill.paused ? <span className="font-medium text-amber-700">paused</span> : "running"}
        </span>
        <span className="font-mono tabular-nums" aria-label="Backfill progress">
          {backfill.done} / {backfill.total}
        </span>
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-zinc-200" role="progressbar" aria-valuemin={0} aria-valuemax={backfill.total} aria-valuenow={backfill.done} aria-label={`Backfill of ${label}`}>
        <div className={backfill.paused ? "h-full bg-amber-500" : "h-full bg-emerald-600"} style={{ width: `${percent}%` }} />
      </div>
      <div className="flex justify-end gap-1.5">
        <ActionForm action={pauseTriggerBackfill} hidden={{ ...triggerKey, paused: backfill.paused ? "false" : "true" }} aria-label={`${backfill.paused ? "Resume" : "Pause"} backfill of ${label}`}>
          {() => (
            <SubmitButton size="sm" variant="secondary" pendingText={backfill.paused ? "Resuming…" : "Pausing…"}>
              {backfill.paused ? "Resume" : "Pause"}
            </SubmitButton>
          )}
        </ActionForm>
        <ConfirmButton
          action={deleteTriggerBackfill}
          hidden={triggerKey}
          label="Delete"
          title="Delete this backfill?"
          description="Dates not fired yet are dropped; executions already created stay. The regular schedule goes on from now."
          confirmLabel="Delete backfill"
          ariaLabel={`Delete backfill of ${label}`}
        />
      </div>
    </div>
  );
}

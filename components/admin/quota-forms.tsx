"use client";

import { useRef, useState } from "react";
import { updateTenantQuotas } from "@/lib/actions/tenants";
import { ActionForm, SubmitButton, fieldError } from "@/components/ui/action-form";
import { Field, Input } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";

type QuotaValues = { maxRunningExecutions?: number | null; requestsPerSecond?: number | null; storageBytes?: number | null; retentionDays?: number | null };

const FIELDS = [
  { name: "maxRunningExecutions", label: "Running executions at once", hint: "More wait in QUEUED until one ends." },
  { name: "requestsPerSecond", label: "API requests per second", hint: "Over it the API answers 429 with Retry-After." },
  { name: "storageBytes", label: "Internal storage (bytes)", hint: "A write that would pass it is refused." },
  { name: "retentionDays", label: "Execution retention (days)", hint: "Ended executions older than this are purged with their logs and files." },
] as const;

/** Sets a tenant's quotas in a dialog; an empty field is the instance default (unlimited unless configured). */
export function EditQuotasButton({ tenantId, quotas }: { tenantId: string; quotas: QuotaValues }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(0);
  return (
    <>
      <button
        type="button"
        className={buttonClass("secondary", "sm")}
        aria-label={`Quotas of ${tenantId}`}
        onClick={() => {
          setKey((k) => k + 1);
          dialog.current?.showModal();
        }}
      >
        Quotas
      </button>
      <dialog ref={dialog} aria-labelledby={`quotas-${tenantId}`} className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-zinc-200 bg-white p-0 shadow-xl backdrop:bg-zinc-900/40">
        <ActionForm key={key} action={updateTenantQuotas} hidden={{ id: tenantId }} onSuccess={() => dialog.current?.close()} className="p-4">
          {(state) => (
            <>
              <h2 id={`quotas-${tenantId}`} className="text-[14px] font-semibold">
                Quotas of <code className="font-mono text-[13px]">{tenantId}</code>
              </h2>
              <p className="mt-1 text-[12px] text-zinc-500">Leave a field empty for the instance default.</p>
              <div className="mt-3 space-y-3">
                {FIELDS.map((f) => (
                  <Field key={f.name} label={f.label} htmlFor={`${f.name}-${tenantId}`} hint={f.hint} error={fieldError(state, f.name)}>
                    <Input
                      id={`${f.name}-${tenantId}`}
                      name={f.name}
                      inputMode="numeric"
                      autoComplete="off"
                      placeholder="Unlimited"
                      defaultValue={quotas[f.name] == null ? "" : String(quotas[f.name])}
                      invalid={Boolean(fieldError(state, f.name))}
                    />
                  </Field>
                ))}
              </div>
              <div className="mt-4 flex justify-end gap-2">
                <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
                  Cancel
                </button>
                <SubmitButton pendingText="Saving…">Save quotas</SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      </dialog>
    </>
  );
}

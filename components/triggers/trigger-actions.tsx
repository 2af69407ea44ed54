"use client";

import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { setTriggerDisabled, unlockTrigger } from "@/lib/actions/triggers";

type Key = { tenantId: string; namespace: string; flowId: string; triggerId: string };

/** Enable/disable toggle and, for a locked trigger, unlock. */
export function TriggerActions({ triggerKey, disabled, locked }: { triggerKey: Key; disabled: boolean; locked: boolean }) {
  const hidden = { ...triggerKey };
  const label = `${triggerKey.namespace}.${triggerKey.flowId} ${triggerKey.triggerId}`;
  return (
    <div className="flex items-center justify-end gap-1.5">
      {locked && (
        <ActionForm action={unlockTrigger} hidden={hidden} aria-label={`Unlock ${label}`}>
          {() => (
            <SubmitButton size="sm" variant="secondary" pendingText="Unlocking…">
              Unlock
            </SubmitButton>
          )}
        </ActionForm>
      )}
      <ActionForm action={setTriggerDisabled} hidden={{ ...hidden, disabled: disabled ? "false" : "true" }} aria-label={`${disabled ? "Enable" : "Disable"} ${label}`}>
        {() => (
          <SubmitButton size="sm" variant={disabled ? "primary" : "secondary"} pendingText={disabled ? "Enabling…" : "Disabling…"}>
            {disabled ? "Enable" : "Disable"}
          </SubmitButton>
        )}
      </ActionForm>
    </div>
  );
}

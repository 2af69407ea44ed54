"use server";

import { z } from "zod";
import { allows } from "@/lib/permissions";
import { setTriggerDisabledOperation } from "@/lib/server/triggers/set-disabled";
import { unlockTriggerOperation } from "@/lib/server/triggers/unlock";
import { createBackfillOperation, deleteBackfillOperation, pauseBackfillOperation } from "@/lib/server/triggers/backfill";
import { ActionError, tenantAction } from "./wrapper";

const triggerKey = { namespace: z.string().min(1).max(150), flowId: z.string().min(1).max(100), triggerId: z.string().min(1).max(100) };

/** The triggers page's enable/disable toggle: an adapter over setTriggerDisabledOperation. */
export const setTriggerDisabled = tenantAction(
  { input: z.object({ ...triggerKey, disabled: z.enum(["true", "false"]) }), permission: ["TRIGGER", "UPDATE"] },
  async ({ input, ctx, grants }) => {
    const { namespace, flowId, triggerId } = input;
    await setTriggerDisabledOperation({ ctx, can: (ns) => allows(grants, "TRIGGER", "UPDATE", ns), key: { namespace, flowId, triggerId }, disabled: input.disabled === "true" });
  },
);

/** The triggers page's unlock button: an adapter over unlockTriggerOperation. */
export const unlockTrigger = tenantAction({ input: z.object(triggerKey), permission: ["TRIGGER", "UPDATE"] }, async ({ input, ctx, grants }) => {
  const { namespace, flowId, triggerId } = input;
  await unlockTriggerOperation({ ctx, can: (ns) => allows(grants, "TRIGGER", "UPDATE", ns), key: { namespace, flowId, triggerId } });
});

const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, "Pick a date and time");

/** A `datetime-local` value read in the browser's zone (its offset from UTC in minutes, as getTimezoneOffset gives it). */
function fromLocal(value: string, offsetMinutes: number): Date {
  return new Date(Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`) + offsetMinutes * 60_000);
}

/** `key=value` or `key: value` lines, one per line; blank lines skipped. */
function pairs(text: string | undefined, field: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const raw of (text ?? "").split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.search(/[=:]/);
    if (at < 1) throw new ActionError("Check the highlighted fields.", { [field]: `"${line.slice(0, 40)}" is not key=value` });
    out.push({ key: line.slice(0, at).trim(), value: line.slice(at + 1).trim() });
  }
  return out;
}

/** The backfill form: an adapter over createBackfillOperation (dates in the viewer's zone). */
export const createTriggerBackfill = tenantAction(
  {
    input: z.object({
      ...triggerKey,
      start: localDateTime,
      end: z.union([localDateTime, z.literal("")]).optional(),
      offset: z.coerce.number().int().min(-900).max(900).default(0),
      // Not `inputs` / `labels`: a form's named controls shadow its own properties (form.labels).
      inputLines: z.string().max(20_000).optional(),
      labelLines: z.string().max(20_000).optional(),
    }),
    permission: ["TRIGGER", "UPDATE"],
  },
  async ({ input, ctx, grants }) => {
    const { namespace, flowId, triggerId } = input;
    const inputs = Object.fromEntries(pairs(input.inputLines, "inputLines").map((p) => [p.key, p.value]));
    const labels = pairs(input.labelLines, "labelLines");
    await createBackfillOperation({
      ctx,
      can: (ns) => allows(grants, "TRIGGER", "UPDATE", ns),
      key: { namespace, flowId, triggerId },
      backfill: { start: fromLocal(input.start, input.offset), end: input.end ? fromLocal(input.end, input.offset) : undefined, inputs, labels: labels.length ? labels : undefined },
    });
  },
);

/** Pause / resume of a backfill: an adapter over pauseBackfillOperation. */
export const pauseTriggerBackfill = tenantAction(
  { input: z.object({ ...triggerKey, paused: z.enum(["true", "false"]) }), permission: ["TRIGGER", "UPDATE"] },
  async ({ input, ctx, grants }) => {
    const { namespace, flowId, triggerId } = input;
    await pauseBackfillOperation({ ctx, can: (ns) => allows(grants, "TRIGGER", "UPDATE", ns), key: { namespace, flowId, triggerId }, paused: input.paused === "true" });
  },
);

/** Deleting a backfill: an adapter over deleteBackfillOperation. */
export const deleteTriggerBackfill = tenantAction({ input: z.object(triggerKey), permission: ["TRIGGER", "UPDATE"] }, async ({ input, ctx, grants }) => {
  const { namespace, flowId, triggerId } = input;
  await deleteBackfillOperation({ ctx, can: (ns) => allows(grants, "TRIGGER", "UPDATE", ns), key: { namespace, flowId, triggerId } });
});

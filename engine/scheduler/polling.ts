import { parseDuration } from "@/engine/executor/duration";

/** Polling triggers (Kestra's PollingTriggerInterface): the scheduler evaluates them every `interval`. */
export const HTTP_TRIGGER = "io.kestra.plugin.core.http.Trigger";
export const HTTP_TRIGGER_TYPES: ReadonlySet<string> = new Set([HTTP_TRIGGER, "io.kestra.plugin.fs.http.Trigger"]);
/** Kestra's default: every minute. */
export const HTTP_TRIGGER_DEFAULT_INTERVAL = "PT60S";
/** The shortest interval a flow may ask for (one tenant's tight polling must not crowd the others). */
export const POLL_MIN_INTERVAL_MS = 1000;

/** The polling interval of a trigger definition in ms, or null when it is not a polling trigger. */
export function pollIntervalOf(trigger: { type: string; interval?: unknown }): number | null {
  if (!HTTP_TRIGGER_TYPES.has(trigger.type)) return null;
  try {
    return Math.max(POLL_MIN_INTERVAL_MS, parseDuration(typeof trigger.interval === "string" ? trigger.interval : HTTP_TRIGGER_DEFAULT_INTERVAL));
  } catch {
    return null;
  }
}

import { byTriggersRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/backfill/pause/by-triggers: pauses the backfills of the triggers selected; `{count}`. */
export const POST = byTriggersRoute(() => ({ kind: "pauseBackfill", paused: true }));

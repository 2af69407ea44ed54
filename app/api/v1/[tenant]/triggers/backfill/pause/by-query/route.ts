import { byQueryRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/backfill/pause/by-query: pauses the backfills of the triggers selected; `{count}`. */
export const POST = byQueryRoute(() => ({ kind: "pauseBackfill", paused: true }));

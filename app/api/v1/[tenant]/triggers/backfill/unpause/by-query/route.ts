import { byQueryRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/backfill/unpause/by-query: resumes the backfills of the triggers selected; `{count}`. */
export const POST = byQueryRoute(() => ({ kind: "pauseBackfill", paused: false }));

import { byTriggersRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/backfill/unpause/by-triggers: resumes the backfills of the triggers selected; `{count}`. */
export const POST = byTriggersRoute(() => ({ kind: "pauseBackfill", paused: false }));

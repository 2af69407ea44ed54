import { byTriggersRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/backfill/delete/by-triggers: deletes the backfills of the triggers selected; `{count}`. */
export const POST = byTriggersRoute(() => ({ kind: "deleteBackfill" }));

import { byQueryRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/backfill/delete/by-query: deletes the backfills of the triggers selected; `{count}`. */
export const POST = byQueryRoute(() => ({ kind: "deleteBackfill" }));

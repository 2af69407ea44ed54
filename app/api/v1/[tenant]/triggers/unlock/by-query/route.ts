import { byQueryRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/unlock/by-query: drops the leases of the triggers selected; `{count}`. */
export const POST = byQueryRoute(() => ({ kind: "unlock" }));

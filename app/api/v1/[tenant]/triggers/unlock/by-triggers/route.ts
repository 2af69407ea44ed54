import { byTriggersRoute } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/unlock/by-triggers: drops the leases of the triggers selected; `{count}`. */
export const POST = byTriggersRoute(() => ({ kind: "unlock" }));

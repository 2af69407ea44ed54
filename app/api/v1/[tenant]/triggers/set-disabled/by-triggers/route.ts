import { byTriggersRoute, setDisabledAction } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/set-disabled/by-triggers: disables or enables the triggers selected; `{count}`. */
export const POST = byTriggersRoute(setDisabledAction);

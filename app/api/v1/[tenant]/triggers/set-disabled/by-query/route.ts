import { byQueryRoute, setDisabledAction } from "@/lib/api/trigger-bulk";

/** Kestra's POST /triggers/set-disabled/by-query: disables or enables the triggers selected; `{count}`. */
export const POST = byQueryRoute(setDisabledAction);

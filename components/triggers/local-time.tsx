"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime } from "@/lib/ui/format";

const subscribe = () => () => {};

/** A date in the viewer's time zone (UTC in the server's render, then the browser's). */
export function LocalTime({ iso }: { iso: string | null }) {
  const text = useSyncExternalStore(
    subscribe,
    () => (iso ? new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso)) : "—"),
    () => formatDateTime(iso),
  );
  return iso ? <time dateTime={iso}>{text}</time> : <span className="text-zinc-400">—</span>;
}

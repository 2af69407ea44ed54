import { NextResponse } from "next/server";

/** Liveness: the process answers. Touches nothing, so a slow database never gets a live process restarted. */
export function GET() {
  return NextResponse.json({ status: "UP" }, { headers: { "cache-control": "no-store" } });
}

import { NextResponse } from "next/server";
import { readiness } from "@/lib/observability/health";

/** Readiness for load balancers and orchestrators: 200 when this process can serve, else 503 with the failing check. */
export async function GET() {
  const ready = await readiness();
  return NextResponse.json(ready, { status: ready.status === "UP" ? 200 : 503, headers: { "cache-control": "no-store" } });
}

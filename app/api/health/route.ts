import { NextResponse } from "next/server";
import { needsSetup } from "@/lib/auth/bootstrap";
import { getDb } from "@/db/client";

/** Liveness for scripts and load balancers; says whether /setup is still open. No tenant data. */
export async function GET() {
  try {
    const { kind } = await getDb();
    return NextResponse.json({ status: "UP", database: kind, setupRequired: await needsSetup() });
  } catch {
    return NextResponse.json({ status: "DOWN" }, { status: 503 });
  }
}

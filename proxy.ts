import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "./auth.config";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { DEFAULT_TENANT } from "@/lib/env";
import { isMultiTenant, tenantlessApiPath } from "@/lib/tenancy";

const { auth } = NextAuth({ ...authConfig, secret: resolveAuthSecret() });

/**
 * Sends signed-out visitors of app pages to the login page with the exact URL they asked
 * for, so a deep link lands where it pointed. Access to a tenant is checked by the
 * pages themselves; this only saves a round trip.
 */
const pages = auth((req) => {
  if (req.auth) {
    const headers = new Headers(req.headers);
    headers.set("x-switchyard-path", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.next({ request: { headers } });
  }
  const login = new URL("/login", req.nextUrl.origin);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
});

export function proxy(req: NextRequest, event: NextFetchEvent) {
  if (req.nextUrl.pathname.startsWith("/api/")) {
    // Single-tenant mode: tenant-less API paths serve the default tenant (DESIGN.md).
    const target = isMultiTenant() ? null : tenantlessApiPath(req.nextUrl.pathname, DEFAULT_TENANT);
    if (!target) return NextResponse.next();
    const url = req.nextUrl.clone();
    url.pathname = target;
    return NextResponse.rewrite(url);
  }
  return (pages as unknown as (req: NextRequest, event: NextFetchEvent) => Promise<Response>)(req, event);
}

export const config = {
  matcher: ["/ui/:path*", "/ui", "/admin/:path*", "/admin", "/account/:path*", "/account", "/api/v1/:path*"],
};

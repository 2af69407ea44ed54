import NextAuth from "next-auth";
import { NextResponse } from "next/server";
import { authConfig } from "./auth.config";
import { resolveAuthSecret } from "@/lib/auth/secret";

const { auth } = NextAuth({ ...authConfig, secret: resolveAuthSecret() });

/**
 * Sends signed-out visitors of app pages to the login page with the exact URL they asked
 * for, so a deep link lands where it pointed. Access to a tenant is checked by the
 * pages themselves; this only saves a round trip.
 */
export const proxy = auth((req) => {
  if (req.auth) {
    const headers = new Headers(req.headers);
    headers.set("x-switchyard-path", req.nextUrl.pathname + req.nextUrl.search);
    return NextResponse.next({ request: { headers } });
  }
  const login = new URL("/login", req.nextUrl.origin);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
});

export const config = { matcher: ["/ui/:path*", "/ui", "/admin/:path*", "/admin", "/account/:path*", "/account"] };

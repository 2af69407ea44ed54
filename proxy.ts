import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { authConfig } from "./auth.config";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { DEFAULT_TENANT } from "@/lib/env";
import { isMultiTenant, tenantlessApiPath } from "@/lib/tenancy";
import { isForeignActionOrigin } from "@/lib/security/headers";

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

/** Pages that serve signed-out visitors; here only for the server action Origin check. */
const PUBLIC_PAGES = new Set(["/", "/login", "/logout", "/setup"]);

/**
 * The first path segment whose percent-encoding is not valid UTF-8 (`%ff%fe`), if any.
 * Next.js would fail decoding it into route parameters and answer 500.
 */
export function undecodableSegment(pathname: string): string | undefined {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return undefined;
}

export async function proxy(req: NextRequest, event: NextFetchEvent) {
  const undecodable = undecodableSegment(req.nextUrl.pathname);
  if (undecodable !== undefined) {
    const message = `Invalid path: the segment '${undecodable.slice(0, 100)}' is not valid percent-encoded UTF-8`;
    return req.nextUrl.pathname.startsWith("/api/")
      ? NextResponse.json({ message, path: req.nextUrl.pathname.slice(0, 200) }, { status: 400 })
      : new NextResponse(`${message}. Check the address.`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  // A server action posted from another site is refused plainly (Next.js would answer 500).
  if (req.method === "POST" && isForeignActionOrigin(req.headers)) {
    return NextResponse.json({ message: "Cross-site request refused: the Origin does not match this site" }, { status: 403 });
  }
  // Auth.js's own routes pass through here only for the percent-encoding check above.
  if (PUBLIC_PAGES.has(req.nextUrl.pathname) || req.nextUrl.pathname.startsWith("/api/auth/")) return NextResponse.next();
  if (req.nextUrl.pathname.startsWith("/api/")) {
    // Single-tenant mode: tenant-less API paths serve the default tenant (DESIGN.md).
    const target = isMultiTenant() ? null : tenantlessApiPath(req.nextUrl.pathname, DEFAULT_TENANT);
    if (!target) return NextResponse.next();
    const url = req.nextUrl.clone();
    url.pathname = target;
    return NextResponse.rewrite(url);
  }
  const response = await (pages as unknown as (req: NextRequest, event: NextFetchEvent) => Promise<Response>)(req, event);
  return req.headers.get("sec-fetch-dest") === "document" ? response : withoutSessionCookie(response);
}

/**
 * Auth.js re-issues the session cookie on every request it sees. A link prefetch or other
 * background fetch still in flight when the user signs out would then bring the session
 * back (Next.js hides its prefetch headers from the proxy), so only full page loads
 * (`Sec-Fetch-Dest: document`) keep the session rolling.
 */
function withoutSessionCookie(response: Response): Response {
  const cookies = response.headers.getSetCookie();
  if (!cookies.some((c) => /^(__Secure-)?authjs\.session-token/.test(c))) return response;
  response.headers.delete("set-cookie");
  for (const c of cookies) if (!/^(__Secure-)?authjs\.session-token/.test(c)) response.headers.append("set-cookie", c);
  return response;
}

export const config = {
  matcher: ["/", "/login", "/logout", "/setup", "/ui/:path*", "/ui", "/admin/:path*", "/admin", "/account/:path*", "/account", "/api/:path*"],
};

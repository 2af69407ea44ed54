/**
 * Security headers of every response (next.config.ts) and the Origin check of server
 * actions (proxy.ts). Kept free of Next.js imports so both can use it and tests can read it.
 */

/**
 * Next.js injects inline bootstrap scripts and CodeMirror sets inline styles, hence
 * 'unsafe-inline' there; everything else comes from this origin only, and no other site
 * may frame the app (clickjacking).
 */
export function contentSecurityPolicy(dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(dev = false): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(dev) },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  ];
}

/** Sent only on requests that came over TLS (directly or per the proxy's X-Forwarded-Proto). */
export const HSTS = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" };

/**
 * Whether a server action request comes from another site: its Origin names a host other
 * than the one it was sent to (the proxy's forwarded host, else Host). No Origin at all
 * is left to Next.js, as browsers always send one with a POST.
 */
export function isForeignActionOrigin(headers: Headers): boolean {
  if (!headers.has("next-action")) return false;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return true;
  try {
    return new URL(origin).host.toLowerCase() !== host.toLowerCase();
  } catch {
    return true; // "null" (sandboxed frames, file:) and garbage
  }
}

import { getToken } from "next-auth/jwt";
import type { Tx } from "@/db/client";
import { withInstance } from "@/db/tenant";
import { getUser, type UserRow } from "@/db/queries/users";
import { consumeApiToken, hashToken, isApiTokenShaped, isTokenExpired, serviceAccountTokenTenant } from "@/db/queries/tokens";
import { tenantAccessOf, tenantAccessStatement } from "@/db/queries/access";
import { withTenantCallerPipeline } from "@/db/tenant";
import type { Tenant } from "@/db/queries/tenants";
import { FULL_GRANT, type Grant } from "@/lib/permissions";
import { ApiError } from "@/lib/errors";
import { verifyCredentials } from "@/lib/auth/credentials";
import { clientAddress } from "@/lib/auth/peer";
import { resolveAuthSecret } from "@/lib/auth/secret";

export type Caller = {
  user: UserRow;
  via: "session" | "basic" | "token";
  /** A service account of the tenant, calling with one of its tokens (`user` then describes it: its id and name). */
  serviceAccount?: boolean;
};

/**
 * Who claims to be calling, read from the request without the database where possible
 * (a session's user id, a bearer token), so that the lookup can share the transaction
 * that resolves the tenant. HTTP Basic is verified here (password hashing, rate limits).
 */
export type Principal = { via: "session"; userId: string } | { via: "token"; token: string } | { via: "basic"; user: UserRow };

const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"];

async function fromSession(req: Request): Promise<string | null> {
  const cookie = req.headers.get("cookie");
  if (!cookie || !cookie.includes("authjs.session-token")) return null;
  const secret = resolveAuthSecret();
  for (const cookieName of SESSION_COOKIES) {
    if (!cookie.includes(cookieName)) continue;
    const token = await getToken({
      req: { headers: { cookie } },
      secret,
      cookieName,
      salt: cookieName,
      secureCookie: cookieName.startsWith("__Secure-"),
    });
    if (token?.sub) return token.sub;
  }
  return null;
}

/** Reads the credentials: Bearer token, HTTP Basic, or the session cookie. Present but wrong is a 401, never a fallback. */
export async function identify(req: Request): Promise<Principal> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, value = ""] = header.split(" ", 2);
    if (/^bearer$/i.test(scheme)) return { via: "token", token: value.trim() };
    if (/^basic$/i.test(scheme)) {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 1) throw new ApiError("unauthorized", "Malformed Basic credentials");
      const result = await verifyCredentials({
        email: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        address: clientAddress(req.headers),
      });
      if (!result.ok) {
        if (result.reason === "rate_limited") throw new ApiError("too_many_requests", "Too many failed sign-ins; try again later");
        throw new ApiError("unauthorized", "Invalid email or password");
      }
      return { via: "basic", user: result.user };
    }
    throw new ApiError("unauthorized", `Unsupported authorization scheme: ${scheme}`);
  }
  const userId = await fromSession(req);
  if (userId) return { via: "session", userId };
  throw new ApiError("unauthorized", "Authentication required");
}

/** The caller behind a principal, inside the caller's transaction (any door can read users and tokens). */
export async function resolvePrincipal(tx: Tx, principal: Principal): Promise<Caller> {
  if (principal.via === "basic") return { user: principal.user, via: "basic" };
  if (principal.via === "token") {
    const token = await consumeApiToken(tx, principal.token);
    const user = token ? await getUser(tx, { id: token.userId }) : null;
    if (!user) throw new ApiError("unauthorized", "Invalid or expired API token");
    return { user, via: "token" };
  }
  const user = await getUser(tx, { id: principal.userId });
  if (!user) throw new ApiError("unauthorized", "Authentication required");
  return { user, via: "session" };
}

/** identify + resolvePrincipal in a transaction of its own. */
export async function authenticate(req: Request): Promise<Caller> {
  const principal = await identify(req);
  return withInstance((tx) => resolvePrincipal(tx, principal));
}

export type TenantCaller = { caller: Caller; tenant: Tenant; grants: Grant[] };

/**
 * The one tenant resolver of the API, the pages and the server actions: the caller behind
 * a principal, the tenant, and the caller's grants there (every permission for a
 * superadmin), in one statement and one round trip. Null when the tenant does not exist
 * or the caller was not granted it: the two must look the same (404). Wrong credentials
 * are a 401.
 */
export async function resolveInTenant(principal: Principal, tenantId: string): Promise<TenantCaller | null> {
  const byToken = principal.via === "token";
  const invalid = () => new ApiError("unauthorized", byToken ? "Invalid or expired API token" : "Authentication required");
  if (principal.via === "token" && !isApiTokenShaped(principal.token)) throw invalid();
  // A service account's token names its tenant: anywhere else it is a stranger (404).
  if (principal.via === "token") {
    const home = serviceAccountTokenTenant(principal.token);
    if (home !== null && home !== tenantId) return null;
  }
  const who =
    principal.via === "token" ? { tokenHash: hashToken(principal.token) } : { userId: principal.via === "basic" ? principal.user.id : principal.userId };
  const [rows] = await withTenantCallerPipeline({ tenantId }, [tenantAccessStatement({ tenantId, caller: who })]);
  const found = tenantAccessOf(rows);
  if (!found || (byToken && (!found.token || isTokenExpired(found.token)))) throw invalid();
  const caller: Caller = { user: found.user, via: principal.via, ...(found.serviceAccount ? { serviceAccount: true } : {}) };
  if (!found.tenant) return null;
  if (found.user.superAdmin) return { caller, tenant: found.tenant, grants: [FULL_GRANT] };
  return found.hasAccess ? { caller, tenant: found.tenant, grants: found.grants } : null;
}

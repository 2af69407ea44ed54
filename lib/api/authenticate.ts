import { getToken } from "next-auth/jwt";
import { withInstance } from "@/db/tenant";
import { getUser, type UserRow } from "@/db/queries/users";
import { useApiToken } from "@/db/queries/tokens";
import { ApiError } from "@/lib/errors";
import { clientAddress, verifyCredentials } from "@/lib/auth/credentials";
import { resolveAuthSecret } from "@/lib/auth/secret";

export type Caller = { user: UserRow; via: "session" | "basic" | "token" };

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

/**
 * Who is calling: a Bearer API token, HTTP Basic (email:password), or the browser's
 * session cookie. Credentials that are present but wrong are a 401, never a fallback.
 */
export async function authenticate(req: Request): Promise<Caller> {
  const header = req.headers.get("authorization");
  if (header) {
    const [scheme, value = ""] = header.split(" ", 2);
    if (/^bearer$/i.test(scheme)) {
      const user = await withInstance(async (tx) => {
        const token = await useApiToken(tx, value.trim());
        return token ? getUser(tx, { id: token.userId }) : null;
      });
      if (!user) throw new ApiError("unauthorized", "Invalid or expired API token");
      return { user, via: "token" };
    }
    if (/^basic$/i.test(scheme)) {
      let decoded = "";
      try {
        decoded = Buffer.from(value, "base64").toString("utf8");
      } catch {
        throw new ApiError("unauthorized", "Malformed Basic credentials");
      }
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
      return { user: result.user, via: "basic" };
    }
    throw new ApiError("unauthorized", `Unsupported authorization scheme: ${scheme}`);
  }
  const userId = await fromSession(req);
  if (userId) {
    const user = await withInstance((tx) => getUser(tx, { id: userId }));
    if (user) return { user, via: "session" };
  }
  throw new ApiError("unauthorized", "Authentication required");
}

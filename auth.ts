import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { authConfig } from "./auth.config";
import { clientAddress, verifyCredentials } from "@/lib/auth/credentials";
import { resolveAuthSecret } from "@/lib/auth/secret";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

/**
 * A refused sign-in (wrong password, rate limit) is routine: one line on the console, not
 * Auth.js's stack trace. Anything else is logged in full.
 */
const logger = {
  error(error: Error) {
    const kind = (error as Error & { type?: string }).type ?? error.name;
    if (kind === "CredentialsSignin") {
      const code = (error as Error & { code?: string }).code ?? "credentials";
      console.warn(`[auth] sign-in refused (${code === "credentials" ? "wrong email or password" : code})`);
      return;
    }
    console.error("[auth]", error);
  },
};

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  logger,
  secret: resolveAuthSecret(),
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const result = await verifyCredentials({ ...parsed.data, address: clientAddress(request.headers) });
        if (!result.ok) {
          if (result.reason === "rate_limited") throw new RateLimited();
          return null;
        }
        const { user } = result;
        const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || null;
        return { id: user.id, email: user.email, name, superAdmin: user.superAdmin };
      },
    }),
  ],
});

import type { NextAuthConfig } from "next-auth";

/**
 * The part of the Auth.js config that needs no database, shared by proxy.ts and auth.ts.
 */
export const authConfig = {
  trustHost: true,
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  pages: { signIn: "/login", error: "/login" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.superAdmin = (user as { superAdmin?: boolean }).superAdmin ?? false;
      }
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      session.user.superAdmin = Boolean(token.superAdmin);
      return session;
    },
  },
} satisfies NextAuthConfig;

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; superAdmin: boolean };
  }
}

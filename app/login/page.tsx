import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { needsSetup } from "@/lib/auth/bootstrap";
import { safeCallbackUrl } from "@/lib/ui/callback-url";
import { currentUser } from "@/lib/ui/session";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Errors Auth.js reports by redirecting here (a plain form post to its endpoint). */
function redirectedError(error: string | undefined, code: string | undefined): string | undefined {
  if (!error) return undefined;
  if (error === "CredentialsSignin") return code === "rate_limited" ? "Too many failed sign-ins. Wait 15 minutes and try again." : "Invalid email or password.";
  return "Sign-in failed. Try again.";
}

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  await connection(); // depends on the database at request time, never at build
  if (await needsSetup()) redirect("/setup");
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  if (await currentUser()) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in" description="Use the email and password your administrator gave you." footer="Switchyard · workflow orchestration for every tenant">
      <LoginForm callbackUrl={callbackUrl} initialError={redirectedError(first(params.error), first(params.code))} />
    </AuthCard>
  );
}

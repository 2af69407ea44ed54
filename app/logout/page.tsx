import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClass } from "@/components/ui/button";
import { logout } from "@/lib/actions/auth";
import { currentUser } from "@/lib/ui/session";

export const metadata: Metadata = { title: "Sign out" };

/** Signing out is a POST (a link or prefetch must never end a session); this page asks. */
export default async function LogoutPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <AuthCard title="Sign out" description={`You are signed in as ${user.email}.`}>
      <form action={logout} className="flex gap-2">
        <button type="submit" className={buttonClass("primary", "md", "flex-1")}>
          Sign out
        </button>
        <Link href="/ui" className={buttonClass("secondary", "md", "flex-1")}>
          Stay signed in
        </Link>
      </form>
    </AuthCard>
  );
}

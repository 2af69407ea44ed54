import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { needsSetup } from "@/lib/auth/bootstrap";

export const metadata: Metadata = { title: "Set up" };

/** Shown once, while the instance has no user: creates the first superadmin. */
export default async function SetupPage() {
  await connection(); // depends on the database at request time, never at build
  if (!(await needsSetup())) redirect("/login");
  return (
    <AuthCard
      title="Set up Switchyard"
      description="Create the first superadmin. This page disappears once an account exists; further users are added under Administration."
    >
      <SetupForm />
    </AuthCard>
  );
}

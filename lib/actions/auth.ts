"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { asSuperadmin } from "@/db/tenant";
import { countUsers, createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { needsSetup } from "@/lib/auth/bootstrap";
import { safeCallbackUrl } from "@/lib/ui/callback-url";
import { formDataToObject, type ActionResult } from "./wrapper";

export type AuthFormState = ActionResult & { values?: { email?: string; name?: string } };

const INVALID_CREDENTIALS = "Invalid email or password.";
const RATE_LIMITED = "Too many failed sign-ins. Wait 15 minutes and try again.";

/** Sign-in errors carry Auth.js's type and, for credentials, our code (`rate_limited`). */
function signInFailure(error: unknown): string | null {
  const e = error as { type?: string; code?: string } | null;
  if (!e || typeof e !== "object" || typeof e.type !== "string") return null;
  if (e.type === "CredentialsSignin") return e.code === "rate_limited" ? RATE_LIMITED : INVALID_CREDENTIALS;
  return "Sign-in failed. Try again.";
}

const loginInput = z.object({
  email: z.string().trim().min(1, "Enter your email").max(320),
  password: z.string().min(1, "Enter your password").max(1024),
  callbackUrl: z.string().optional(),
});

/** Signs in with email and password, then lands on the page the visitor asked for. */
export async function login(_previous: AuthFormState | null, form: FormData): Promise<AuthFormState> {
  const parsed = loginInput.safeParse(formDataToObject(form));
  const email = String(form.get("email") ?? "");
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    return { ok: false, error: "Enter your email and password.", fieldErrors, values: { email } };
  }
  const { password, callbackUrl } = parsed.data;
  try {
    await signIn("credentials", { email: parsed.data.email, password, redirectTo: safeCallbackUrl(callbackUrl) });
  } catch (error) {
    const message = signInFailure(error);
    if (message) return { ok: false, error: message, values: { email } };
    throw error; // the redirect after a successful sign-in
  }
  return { ok: true };
}

const setupInput = z
  .object({
    name: z.string().trim().min(1, "Enter your name").max(100),
    email: z.email("Enter a valid email address").max(320),
    password: z.string().min(8, "Use at least 8 characters").max(1024),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

/** Creates the first superadmin while no user exists, then signs them in. */
export async function setup(_previous: AuthFormState | null, form: FormData): Promise<AuthFormState> {
  if (!(await needsSetup())) redirect("/login");
  const raw = formDataToObject(form);
  const values = { email: String(raw.email ?? ""), name: String(raw.name ?? "") };
  const parsed = setupInput.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { ok: false, error: "Check the highlighted fields.", fieldErrors, values };
  }
  const { name, email, password } = parsed.data;
  const [firstName, ...rest] = name.split(/\s+/);
  const passwordHash = await hashPassword(password);
  const created = await asSuperadmin(
    { actorId: null, action: "CREATE", targetType: "USER", targetId: email, detail: "first superadmin from /setup" },
    async (tx) => {
      // Checked again inside the transaction: two set-up forms must not both win.
      if ((await countUsers(tx)) > 0) return null;
      return createUser(tx, { email, passwordHash, firstName, lastName: rest.join(" ") || null, superAdmin: true });
    },
  );
  if (!created) redirect("/login");
  try {
    await signIn("credentials", { email, password, redirectTo: "/ui" });
  } catch (error) {
    const message = signInFailure(error);
    if (message) redirect("/login");
    throw error;
  }
  return { ok: true };
}

/** Ends the session and shows the login page. */
export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

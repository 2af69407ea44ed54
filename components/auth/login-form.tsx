"use client";

import { useActionState } from "react";
import { login, type AuthFormState } from "@/lib/actions/auth";
import { Field, Input } from "@/components/ui/field";
import { FormError, SubmitButton } from "@/components/ui/action-form";

/** Email and password; errors come back from the server action, never as a raw error. */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [state, action] = useActionState<AuthFormState | null, FormData>(login, null);
  const error = state ? (state.ok ? undefined : state.error) : initialError;
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3.5" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field label="Email" htmlFor="email" error={fieldErrors?.email}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          autoFocus
          required
          defaultValue={state?.values?.email}
          invalid={Boolean(fieldErrors?.email)}
        />
      </Field>
      <Field label="Password" htmlFor="password" error={fieldErrors?.password}>
        <Input id="password" name="password" type="password" autoComplete="current-password" required invalid={Boolean(fieldErrors?.password)} />
      </Field>
      {error && <FormError message={error} />}
      <SubmitButton className="mt-1 w-full" pendingText="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}

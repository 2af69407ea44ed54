"use client";

import { useActionState } from "react";
import { setup, type AuthFormState } from "@/lib/actions/auth";
import { Field, Input } from "@/components/ui/field";
import { FormError, SubmitButton } from "@/components/ui/action-form";

/** Creates the first superadmin account. */
export function SetupForm() {
  const [state, action] = useActionState<AuthFormState | null, FormData>(setup, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3.5" noValidate>
      <Field label="Your name" htmlFor="name" error={errors?.name}>
        <Input id="name" name="name" autoComplete="name" autoFocus required defaultValue={state?.values?.name} invalid={Boolean(errors?.name)} />
      </Field>
      <Field label="Email" htmlFor="email" error={errors?.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required defaultValue={state?.values?.email} invalid={Boolean(errors?.email)} />
      </Field>
      <Field label="Password" htmlFor="password" hint="At least 8 characters." error={errors?.password}>
        <Input id="password" name="password" type="password" autoComplete="new-password" required invalid={Boolean(errors?.password)} />
      </Field>
      <Field label="Repeat the password" htmlFor="confirm" error={errors?.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required invalid={Boolean(errors?.confirm)} />
      </Field>
      {state && !state.ok && !errors && <FormError message={state.error} />}
      <SubmitButton className="mt-1 w-full" pendingText="Creating…">
        Create superadmin and sign in
      </SubmitButton>
    </form>
  );
}

"use client";

import { createContext, startTransition, useActionState, useContext, useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { useFormStatus } from "react-dom";
import type { ActionResult } from "@/lib/actions/wrapper";
import { AlertTriangle, Check } from "./icons";
import { buttonClass } from "./button";
import { cn } from "@/lib/ui/cn";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FormAction = (previous: any, form: FormData) => Promise<ActionResult<any>>;

/** Whether the enclosing ActionForm's action is running (useFormStatus does not see manual submits). */
const PendingContext = createContext(false);

/**
 * A form bound to a server action through useActionState: hidden fields (tenantId, ids),
 * the action's error and field errors, a pending state, and a callback on success.
 *
 * What was typed stays when the server refuses it: React resets a form after its `action`
 * completes, so the form is submitted by hand (the same FormData, with the button pressed)
 * and cleared only once the action succeeded.
 */
export function ActionForm({
  action,
  hidden,
  children,
  className,
  onSuccess,
  successMessage,
  id,
  "aria-label": ariaLabel,
}: {
  action: FormAction;
  hidden?: Record<string, string>;
  children: (state: ActionResult | null) => ReactNode;
  className?: string;
  /** Called once per successful submit, with the values that were sent. */
  onSuccess?: (state: ActionResult, submitted: FormData) => void;
  successMessage?: string | ((state: ActionResult) => string);
  id?: string;
  "aria-label"?: string;
}) {
  const [state, formAction, pending] = useActionState<ActionResult | null, FormData>(action, null);
  const form = useRef<HTMLFormElement>(null);
  const handled = useRef<ActionResult | null>(null);
  const submitted = useRef<FormData>(new FormData());
  useEffect(() => {
    if (state?.ok && handled.current !== state) {
      handled.current = state;
      form.current?.reset();
      onSuccess?.(state, submitted.current);
    }
  }, [state, onSuccess]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter instanceof HTMLElement ? submitter : undefined);
    submitted.current = data;
    startTransition(() => formAction(data));
  };
  const message = state?.ok && successMessage ? (typeof successMessage === "function" ? successMessage(state) : successMessage) : null;
  return (
    <PendingContext.Provider value={pending}>
      <form ref={form} onSubmit={submit} className={className} id={id} aria-label={ariaLabel} aria-busy={pending || undefined} noValidate>
        {Object.entries(hidden ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children(state)}
        {state && !state.ok && <FormError message={state.error} />}
        {message && <FormSuccess message={message} />}
      </form>
    </PendingContext.Provider>
  );
}

export function FormError({ message }: { message: string }) {
  return (
    <p role="alert" className="mt-2 flex items-start gap-1.5 rounded-md border border-red-200 bg-red-50 px-2.5 py-1.5 text-[12px] text-red-700">
      <AlertTriangle size={14} className="mt-0.5 shrink-0" />
      <span>{message}</span>
    </p>
  );
}

export function FormSuccess({ message }: { message: string }) {
  return (
    <p role="status" className="mt-2 flex items-start gap-1.5 text-[12px] text-emerald-700">
      <Check size={14} className="mt-0.5 shrink-0" />
      <span>{message}</span>
    </p>
  );
}

/** A submit button that shows the form's pending state and cannot be pressed twice. */
export function SubmitButton({
  children,
  pendingText,
  variant = "primary",
  size = "md",
  className,
  disabled,
}: {
  children: ReactNode;
  pendingText?: string;
  variant?: "primary" | "secondary" | "danger" | "danger-outline" | "ghost";
  size?: "sm" | "md";
  className?: string;
  disabled?: boolean;
}) {
  const status = useFormStatus();
  const pending = useContext(PendingContext) || status.pending;
  return (
    <button type="submit" disabled={pending || disabled} aria-disabled={pending || disabled} className={buttonClass(variant, size, cn(className))}>
      {pending && <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-current border-r-transparent" />}
      {pending && pendingText ? pendingText : children}
    </button>
  );
}

/** The error of one field, from the action's field errors. */
export function fieldError(state: ActionResult | null, name: string): string | undefined {
  return state && !state.ok ? state.fieldErrors?.[name] : undefined;
}

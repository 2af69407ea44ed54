"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { FormError } from "@/components/ui/action-form";

/**
 * A button that opens a native modal dialog (focus trapped, Escape closes) and runs
 * `onConfirm` when confirmed; a returned string is shown as the error and keeps the
 * dialog open. For actions whose input is not a flat form (bulk ids, replay choices).
 */
export function ConfirmDialog({
  label,
  title,
  description,
  confirmLabel,
  onConfirm,
  variant = "secondary",
  tone = "danger",
  size = "md",
  disabled,
  children,
  testId,
}: {
  label: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: (form: FormData) => Promise<string | null | void>;
  variant?: "secondary" | "danger-outline" | "primary" | "ghost";
  tone?: "danger" | "primary";
  size?: "sm" | "md";
  disabled?: boolean;
  children?: ReactNode;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = useId();
  const close = () => dialog.current?.close();
  return (
    <>
      <button
        type="button"
        disabled={disabled}
        data-testid={testId}
        className={buttonClass(variant, size)}
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
      >
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-900/40"
      >
        <form
          className="p-4"
          noValidate
          onSubmit={async (event) => {
            event.preventDefault();
            setPending(true);
            setError(null);
            try {
              const message = await onConfirm(new FormData(event.currentTarget));
              if (message) setError(message);
              else close();
            } catch {
              setError("Something went wrong. Try again.");
            } finally {
              setPending(false);
            }
          }}
        >
          <h2 id={`${id}-title`} className="text-[14px] font-semibold">
            {title}
          </h2>
          <div className="mt-1.5 text-[13px] text-zinc-600">{description}</div>
          {children && <div className="mt-3 space-y-3">{children}</div>}
          {error && <FormError message={error} />}
          <div className="mt-4 flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={close}>
              Cancel
            </button>
            <button type="submit" disabled={pending} className={buttonClass(tone === "danger" ? "danger" : "primary")}>
              {pending && <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-current border-r-transparent" />}
              {pending ? "Working…" : confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

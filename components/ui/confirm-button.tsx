"use client";

import { useCallback, useId, useRef, useState, type ReactNode } from "react";
import { ActionForm, SubmitButton, fieldError, type FormAction } from "./action-form";
import { buttonClass } from "./button";
import { Input } from "./field";

/**
 * A button that asks before a destructive action, in a native modal dialog (focus is
 * trapped and Escape closes it). With `typeToConfirm`, the user types that text first.
 */
export function ConfirmButton({
  action,
  hidden,
  label,
  title,
  description,
  confirmLabel = "Delete",
  typeToConfirm,
  size = "sm",
  variant = "secondary",
  icon,
  ariaLabel,
}: {
  action: FormAction;
  hidden: Record<string, string>;
  label: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel?: string;
  typeToConfirm?: string;
  size?: "sm" | "md";
  variant?: "secondary" | "danger" | "ghost";
  icon?: ReactNode;
  ariaLabel?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(0);
  const id = useId();
  const close = useCallback(() => dialog.current?.close(), []);
  return (
    <>
      <button
        type="button"
        aria-label={ariaLabel}
        className={buttonClass(variant === "secondary" ? "danger-outline" : variant, size)}
        onClick={() => {
          setKey((k) => k + 1);
          dialog.current?.showModal();
        }}
      >
        {icon}
        {label}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-900/40"
      >
        <ActionForm key={key} action={action} hidden={hidden} onSuccess={close} className="p-4">
          {(state) => (
            <>
              <h2 id={`${id}-title`} className="text-[14px] font-semibold">
                {title}
              </h2>
              <div className="mt-1.5 text-[13px] text-zinc-600">{description}</div>
              {typeToConfirm && (
                <div className="mt-3 space-y-1">
                  <label htmlFor={`${id}-confirm`} className="block text-[12px] font-medium text-zinc-700">
                    Type <code className="rounded bg-zinc-100 px-1">{typeToConfirm}</code> to confirm
                  </label>
                  <Input id={`${id}-confirm`} name="confirm" autoComplete="off" invalid={Boolean(fieldError(state, "confirm"))} />
                </div>
              )}
              <div className="mt-4 flex justify-end gap-2">
                <button type="button" className={buttonClass("secondary")} onClick={close}>
                  Cancel
                </button>
                <SubmitButton variant="danger" pendingText="Working…">
                  {confirmLabel}
                </SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      </dialog>
    </>
  );
}

"use client";

import { useRef, useState } from "react";
import { createTenant, updateTenant } from "@/lib/actions/tenants";
import { ActionForm, SubmitButton, fieldError } from "@/components/ui/action-form";
import { Field, Input } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { ColorField } from "./color-field";

/** Creates a tenant: id (fixed forever), name and colour. */
export function CreateTenantForm() {
  const [key, setKey] = useState(0);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <ActionForm
      key={key}
      action={createTenant}
      aria-label="Create tenant"
      onSuccess={(state) => {
        setCreated(state.ok ? (state.data as { id: string }).id : null);
        setKey((k) => k + 1);
      }}
      className="px-4 py-3"
    >
      {(state) => (
        <>
          <div className="grid grid-cols-1 items-start gap-3 md:grid-cols-[1fr_1fr]">
            <Field label="Id" htmlFor="tenant-id" hint="Lower-case letters, digits, - and _. Used in URLs; cannot change." error={fieldError(state, "id")}>
              <Input id="tenant-id" name="id" placeholder="prod" autoComplete="off" spellCheck={false} invalid={Boolean(fieldError(state, "id"))} />
            </Field>
            <Field label="Name" htmlFor="tenant-name" error={fieldError(state, "name")}>
              <Input id="tenant-name" name="name" placeholder="Production" invalid={Boolean(fieldError(state, "name"))} />
            </Field>
          </div>
          <div className="mt-3 flex flex-wrap items-end justify-between gap-3">
            <ColorField id="tenant-color" name="color" defaultValue="#4f46e5" />
            <SubmitButton pendingText="Creating…">Create tenant</SubmitButton>
          </div>
          {created && !state && (
            <p role="status" className="mt-2 text-[12px] text-emerald-700">
              Tenant {created} created with the managed roles Admin, Editor, Launcher and Viewer.
            </p>
          )}
        </>
      )}
    </ActionForm>
  );
}

/** Rename a tenant or change its colour, in a dialog. */
export function EditTenantButton({ tenant }: { tenant: { id: string; name: string; color: string; scriptNetwork: boolean } }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(0);
  return (
    <>
      <button
        type="button"
        className={buttonClass("secondary", "sm")}
        aria-label={`Edit ${tenant.id}`}
        onClick={() => {
          setKey((k) => k + 1);
          dialog.current?.showModal();
        }}
      >
        Edit
      </button>
      <dialog ref={dialog} aria-labelledby={`edit-${tenant.id}`} className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-zinc-200 bg-white p-0 shadow-xl backdrop:bg-zinc-900/40">
        <ActionForm key={key} action={updateTenant} hidden={{ id: tenant.id }} onSuccess={() => dialog.current?.close()} className="p-4">
          {(state) => (
            <>
              <h2 id={`edit-${tenant.id}`} className="text-[14px] font-semibold">
                Edit tenant <code className="font-mono text-[13px]">{tenant.id}</code>
              </h2>
              <div className="mt-3 space-y-3">
                <Field label="Name" htmlFor={`name-${tenant.id}`} error={fieldError(state, "name")}>
                  <Input id={`name-${tenant.id}`} name="name" defaultValue={tenant.name} invalid={Boolean(fieldError(state, "name"))} />
                </Field>
                <ColorField id={`color-${tenant.id}`} name="color" defaultValue={tenant.color} />
                <label className="flex items-start gap-2 text-[13px]">
                  <input type="checkbox" name="scriptNetwork" value="true" defaultChecked={tenant.scriptNetwork} className="mt-0.5" />
                  <span>
                    Scripts may reach the network
                    <span className="block text-[12px] text-zinc-500">Outside hosts only, never this instance&apos;s own loopback services. Unchecked: no network at all.</span>
                  </span>
                </label>
              </div>
              <div className="mt-4 flex justify-end gap-2">
                <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
                  Cancel
                </button>
                <SubmitButton pendingText="Saving…">Save</SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      </dialog>
    </>
  );
}

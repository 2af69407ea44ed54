"use client";

import { useState } from "react";
import { createToken } from "@/lib/actions/tokens";
import { ActionForm, SubmitButton, fieldError, type FormAction } from "@/components/ui/action-form";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, Input, Select } from "@/components/ui/field";
import { Key } from "@/components/ui/icons";

/** Creates a token (the user's own, or with `action` a service account's) and shows its value once, with a copy button. */
export function CreateTokenForm({ action = createToken, hidden }: { action?: FormAction; hidden?: Record<string, string> } = {}) {
  const [key, setKey] = useState(0);
  const [issued, setIssued] = useState<{ name: string; fullToken: string } | null>(null);
  return (
    <>
      {issued && (
        <div role="status" className="mx-4 mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3">
          <p className="flex items-center gap-1.5 text-[13px] font-medium text-emerald-800">
            <Key size={14} /> Token “{issued.name}” created. Copy it now: it is not shown again.
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <code data-testid="new-token" className="min-w-0 flex-1 rounded border border-emerald-200 bg-white px-2 py-1.5 text-[12px] break-all select-all">
              {issued.fullToken}
            </code>
            <CopyButton value={issued.fullToken} />
          </div>
          <p className="mt-2 text-[12px] text-emerald-800">
            Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
        </div>
      )}
      <ActionForm
        key={key}
        action={action}
        hidden={hidden}
        aria-label="Create API token"
        onSuccess={(state) => {
          if (state.ok) setIssued(state.data as { name: string; fullToken: string });
          setKey((k) => k + 1);
        }}
        className="px-4 py-3"
      >
        {(state) => (
          <div className="grid grid-cols-1 items-start gap-3 sm:grid-cols-[1.2fr_1.5fr_1fr_auto]">
            <Field label="Name" htmlFor="token-name" error={fieldError(state, "name")}>
              <Input id="token-name" name="name" placeholder="CI deploys" autoComplete="off" invalid={Boolean(fieldError(state, "name"))} />
            </Field>
            <Field label="Description" htmlFor="token-description" error={fieldError(state, "description")}>
              <Input id="token-description" name="description" placeholder="optional" autoComplete="off" />
            </Field>
            <Field label="Expires" htmlFor="token-expiry" error={fieldError(state, "expiresInDays")}>
              <Select id="token-expiry" name="expiresInDays" defaultValue="90">
                <option value="7">in 7 days</option>
                <option value="30">in 30 days</option>
                <option value="90">in 90 days</option>
                <option value="365">in 1 year</option>
                <option value="">never</option>
              </Select>
            </Field>
            <div className="flex items-end sm:pt-5">
              <SubmitButton pendingText="Creating…">Create token</SubmitButton>
            </div>
          </div>
        )}
      </ActionForm>
    </>
  );
}

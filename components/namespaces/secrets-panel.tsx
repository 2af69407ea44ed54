"use client";

import { useState } from "react";
import { deleteSecretAction, saveSecret } from "@/lib/actions/secrets";
import { ActionForm, SubmitButton, fieldError } from "@/components/ui/action-form";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, Input } from "@/components/ui/field";
import { TableWrap } from "@/components/ui/panel";
import { Trash } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button";

export type SecretRow = { key: string; description: string | null; updatedAt: string };

/**
 * A namespace's secrets: keys and descriptions, never values (the page never receives one).
 * Add or replace with one form; the value field is a password field and is cleared on save.
 */
export function SecretsPanel({ tenantId, namespace, rows, canWrite, canDelete }: { tenantId: string; namespace: string; rows: SecretRow[]; canWrite: boolean; canDelete: boolean }) {
  const [key, setKey] = useState("");
  const [formKey, setFormKey] = useState(0);
  return (
    <div className="space-y-4">
      {rows.length > 0 && (
        <TableWrap>
          <table className="data-table" data-testid="secrets">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">Description</th>
                <th scope="col">Updated</th>
                <th scope="col" className="w-0">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <td className="font-mono text-[12px] font-medium whitespace-nowrap">{r.key}</td>
                  <td className="font-mono text-[12px] text-zinc-400" aria-label="hidden value">
                    ******
                  </td>
                  <td className="text-[12px] text-zinc-600">{r.description ?? ""}</td>
                  <td className="text-[12px] whitespace-nowrap text-zinc-500">{new Date(r.updatedAt).toISOString().slice(0, 16).replace("T", " ")}</td>
                  <td className="whitespace-nowrap">
                    <div className="flex gap-1.5">
                      {canWrite && (
                        <button
                          type="button"
                          className={buttonClass("secondary", "sm")}
                          aria-label={`Replace ${r.key}`}
                          onClick={() => {
                            setKey(r.key);
                            setFormKey((k) => k + 1);
                            document.getElementById("secret-value")?.focus();
                          }}
                        >
                          Replace
                        </button>
                      )}
                      {canDelete && (
                        <ConfirmButton
                          action={deleteSecretAction}
                          hidden={{ tenantId, namespace, key: r.key }}
                          label=""
                          icon={<Trash size={13} />}
                          ariaLabel={`Delete ${r.key}`}
                          title={`Delete secret ${r.key}?`}
                          description={<>Flows of {namespace} (and its children) that use <code>{`{{ secret('${r.key}') }}`}</code> will fail.</>}
                        />
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canWrite && (
        <ActionForm key={formKey} action={saveSecret} hidden={{ tenantId, namespace }} aria-label="Add or replace a secret" className="px-4 py-3" successMessage="Saved. The value is stored encrypted and is never shown again." onSuccess={() => setKey("")}>
          {(state) => (
            <div className="grid grid-cols-1 items-start gap-3 md:grid-cols-[1fr_1.4fr_1.4fr_auto]">
              <Field label="Key" htmlFor="secret-key" error={fieldError(state, "key")}>
                <Input id="secret-key" name="key" defaultValue={key} placeholder="API_TOKEN" autoComplete="off" spellCheck={false} invalid={Boolean(fieldError(state, "key"))} />
              </Field>
              <Field label="Value" htmlFor="secret-value" hint="Write-only: never shown again." error={fieldError(state, "value")}>
                <Input id="secret-value" name="value" type="password" autoComplete="new-password" invalid={Boolean(fieldError(state, "value"))} />
              </Field>
              <Field label="Description" htmlFor="secret-description" error={fieldError(state, "description")}>
                <Input id="secret-description" name="description" autoComplete="off" />
              </Field>
              <div className="md:pt-5">
                <SubmitButton pendingText="Saving…">Save secret</SubmitButton>
              </div>
            </div>
          )}
        </ActionForm>
      )}
    </div>
  );
}

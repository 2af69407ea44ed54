"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, useTransition } from "react";
import { deleteNamespaceFileAction, saveNamespaceFile } from "@/lib/actions/namespace-files";
import { ActionForm, FormError, SubmitButton, fieldError } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Field, Input } from "@/components/ui/field";
import { Folder, Trash } from "@/components/ui/icons";
import { cn } from "@/lib/ui/cn";

const FileEditor = dynamic(() => import("./file-editor"), {
  ssr: false,
  loading: () => <div className="flex h-full min-h-[360px] items-center justify-center text-[12px] text-zinc-400">Loading the editor…</div>,
});

export type FileRow = { path: string; type: "File" | "Directory"; size: number };

/**
 * A namespace's files: the tree on the left, the selected file in the flows' CodeMirror editor
 * on the right; new file, upload, download, save and delete. Contents come from the files API.
 */
export function FilesPanel({ tenantId, namespace, rows, canWrite, canDelete }: { tenantId: string; namespace: string; rows: FileRow[]; canWrite: boolean; canDelete: boolean }) {
  const router = useRouter();
  const [selected, setSelected] = useState<string | null>(rows.find((r) => r.type === "File")?.path ?? null);
  const [loaded, setLoaded] = useState<{ path: string; text: string } | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, startSaving] = useTransition();
  const api = `/api/v1/${tenantId}/namespaces/${encodeURIComponent(namespace)}/files`;

  useEffect(() => {
    if (!selected) return;
    let live = true;
    fetch(`${api}?path=${encodeURIComponent(selected)}`)
      .then(async (res) => (res.ok ? res.text() : Promise.reject(new Error(`Could not open ${selected} (${res.status})`))))
      .then((text) => {
        if (!live) return;
        setLoaded({ path: selected, text });
        setDraft(null);
        setError(null);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [api, selected]);

  const save = useCallback(
    (path: string, content: string, open = true) =>
      startSaving(async () => {
        const result = await saveNamespaceFile({ tenantId, namespace, path, content });
        if (!result.ok) return setError(Object.values(result.fieldErrors ?? {})[0] ?? result.error);
        setError(null);
        if (open) {
          setSelected(result.data!.id);
          setLoaded({ path: result.data!.id, text: content });
          setDraft(null);
        }
        router.refresh();
      }),
    [namespace, router, tenantId],
  );

  const depth = (path: string) => path.split("/").length - 2;
  const name = (path: string) => path.slice(path.lastIndexOf("/") + 1);
  const current = loaded && loaded.path === selected ? loaded : null;

  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-[280px_1fr]">
      <div className="space-y-3">
        <nav aria-label="Namespace files" className="rounded-lg border border-zinc-200 bg-white py-1.5">
          {rows.length === 0 && <p className="px-3 py-2 text-[12px] text-zinc-500">No files yet.</p>}
          <ul>
            {rows.map((r) => (
              <li key={r.path}>
                {r.type === "Directory" ? (
                  <span className="flex items-center gap-1.5 px-3 py-1 text-[12px] text-zinc-500" style={{ paddingLeft: 12 + depth(r.path) * 14 }}>
                    <Folder size={13} /> {name(r.path)}
                  </span>
                ) : (
                  <button
                    type="button"
                    onClick={() => setSelected(r.path)}
                    aria-current={selected === r.path || undefined}
                    className={cn("block w-full truncate px-3 py-1 text-left font-mono text-[12px] hover:bg-zinc-50", selected === r.path && "bg-indigo-50 text-indigo-900")}
                    style={{ paddingLeft: 12 + depth(r.path) * 14 }}
                  >
                    {name(r.path)}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </nav>
        {canWrite && (
          <>
            <ActionForm
              action={async (_prev: unknown, form: FormData) => saveNamespaceFile({ tenantId, namespace, path: String(form.get("path") ?? ""), content: "" })}
              aria-label="New file"
              onSuccess={(state) => {
                if (state.ok) setSelected((state.data as { id: string }).id);
                router.refresh();
              }}
            >
              {(state) => (
                <div className="flex items-end gap-2">
                  <Field label="New file" htmlFor="file-path" error={fieldError(state, "path")} className="flex-1">
                    <Input id="file-path" name="path" placeholder="queries/q.sql" autoComplete="off" spellCheck={false} invalid={Boolean(fieldError(state, "path"))} />
                  </Field>
                  <SubmitButton size="sm" pendingText="Creating…">
                    Create
                  </SubmitButton>
                </div>
              )}
            </ActionForm>
            <label className={buttonClass("secondary", "sm", "cursor-pointer")}>
              Upload a file
              <input
                type="file"
                className="sr-only"
                aria-label="Upload a file"
                onChange={async (event) => {
                  const file = event.target.files?.[0];
                  if (!file) return;
                  const base = selected && selected.includes("/", 1) ? selected.slice(0, selected.lastIndexOf("/")) : "";
                  save(`${base}/${file.name}`, await file.text());
                  event.target.value = "";
                }}
              />
            </label>
          </>
        )}
      </div>
      <div className="flex min-h-[420px] flex-col overflow-hidden rounded-lg border border-zinc-200 bg-white">
        {selected ? (
          <>
            <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-3 py-2">
              <span className="font-mono text-[12px] font-medium break-all">{selected}</span>
              <div className="flex gap-1.5">
                <a className={buttonClass("secondary", "sm")} href={`${api}?path=${encodeURIComponent(selected)}`} download={name(selected)}>
                  Download
                </a>
                {canWrite && (
                  <button type="button" className={buttonClass("primary", "sm")} disabled={draft === null || saving} onClick={() => draft !== null && save(selected, draft)}>
                    {saving ? "Saving…" : "Save"}
                  </button>
                )}
                {canDelete && (
                  <ConfirmButton
                    action={deleteNamespaceFileAction}
                    hidden={{ tenantId, namespace, path: selected }}
                    label=""
                    icon={<Trash size={13} />}
                    ariaLabel={`Delete ${selected}`}
                    title={`Delete ${selected}?`}
                    description="Flows that read it will fail."
                  />
                )}
              </div>
            </div>
            {error && <div className="px-3 pt-2"><FormError message={error} /></div>}
            <div className="flex-1">{current && <FileEditor path={current.path} initial={current.text} readOnly={!canWrite} onChange={setDraft} />}</div>
          </>
        ) : (
          <p className="m-auto max-w-sm p-6 text-center text-[13px] text-zinc-500">
            Files kept beside this namespace&apos;s flows: read them with <code>{"{{ read('path') }}"}</code> or give them to script tasks with <code>namespaceFiles</code>.
          </p>
        )}
      </div>
    </div>
  );
}

"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useId, useRef, useState } from "react";
import { restoreFlowRevision } from "@/lib/actions/flows";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { Badge, TableWrap } from "@/components/ui/panel";
import { formatDateTime } from "@/lib/ui/format";
import { cn } from "@/lib/ui/cn";

export type RevisionRow = { revision: number; createdAt: string; deleted: boolean; authorEmail: string | null };

/** Saves an old revision as the newest one, after saying what will happen. */
function RestoreButton({ tenantId, namespace, id, revision, current }: { tenantId: string; namespace: string; id: string; revision: number; current: number }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState(0);
  const title = useId();
  const close = useCallback(() => dialog.current?.close(), []);
  return (
    <>
      <button
        type="button"
        className={buttonClass("secondary", "sm")}
        onClick={() => {
          setKey((k) => k + 1);
          dialog.current?.showModal();
        }}
      >
        Restore
      </button>
      <dialog ref={dialog} aria-labelledby={title} className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-zinc-200 bg-white p-0 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-900/40">
        <ActionForm key={key} action={restoreFlowRevision} hidden={{ tenantId, namespace, id, revision: String(revision) }} onSuccess={close} className="p-4">
          {() => (
            <>
              <h2 id={title} className="text-[14px] font-semibold">
                Restore revision {revision}?
              </h2>
              <p className="mt-1.5 text-[13px] text-zinc-600">
                Its source is saved as revision {current + 1}, the new current one. Revision {current} and every other revision stay in the history.
              </p>
              <div className="mt-4 flex justify-end gap-2">
                <button type="button" className={buttonClass("secondary")} onClick={close}>
                  Cancel
                </button>
                <SubmitButton pendingText="Restoring…">Restore this revision</SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      </dialog>
    </>
  );
}

/**
 * The revisions of a flow, newest first. Two columns of radios pick the revisions to
 * compare (kept in the URL as `?a=&b=`, so a diff is a link to share).
 */
export function RevisionsTable({
  tenantId,
  namespace,
  id,
  rows,
  current,
  a,
  b,
  canRestore,
}: {
  tenantId: string;
  namespace: string;
  id: string;
  rows: RevisionRow[];
  current: number;
  a: number;
  b: number;
  canRestore: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const pick = (side: "a" | "b", revision: number) => {
    const next = { a, b, [side]: revision };
    router.replace(`${pathname}?a=${next.a}&b=${next.b}`, { scroll: false });
  };
  return (
    <TableWrap>
      <table className="data-table" data-testid="revisions">
        <thead>
          <tr>
            <th scope="col" className="w-10 text-center" title="Left side of the diff">
              From
            </th>
            <th scope="col" className="w-10 text-center" title="Right side of the diff">
              To
            </th>
            <th scope="col">Revision</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            {canRestore && (
              <th scope="col" className="w-0">
                <span className="sr-only">Restore</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.revision} className={cn((r.revision === a || r.revision === b) && "[&>td]:bg-brand-50/40")}>
              <td className="text-center">
                <input
                  type="radio"
                  name="from"
                  aria-label={`Compare from revision ${r.revision}`}
                  checked={r.revision === a}
                  onChange={() => pick("a", r.revision)}
                  className="size-3.5 accent-zinc-900"
                />
              </td>
              <td className="text-center">
                <input
                  type="radio"
                  name="to"
                  aria-label={`Compare to revision ${r.revision}`}
                  checked={r.revision === b}
                  onChange={() => pick("b", r.revision)}
                  className="size-3.5 accent-zinc-900"
                />
              </td>
              <td className="whitespace-nowrap">
                <span className="font-mono font-medium">{r.revision}</span>
                {r.revision === current && (
                  <Badge tone="green" className="ml-2">
                    current
                  </Badge>
                )}
                {r.deleted && (
                  <Badge tone="red" className="ml-2">
                    deleted
                  </Badge>
                )}
              </td>
              <td className="whitespace-nowrap text-zinc-600">{formatDateTime(r.createdAt)}</td>
              <td className="max-w-56 truncate text-zinc-600">{r.authorEmail ?? <span className="text-zinc-400">—</span>}</td>
              {canRestore && (
                <td className="text-right">{r.revision !== current && !r.deleted ? <RestoreButton tenantId={tenantId} namespace={namespace} id={id} revision={r.revision} current={current} /> : null}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

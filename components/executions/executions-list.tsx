"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { LabelChips } from "@/components/flows/label-chips";
import { StateBadge } from "@/components/flows/state-badge";
import { flowHref } from "@/components/flows/links";
import { Pagination } from "@/components/ui/pagination";
import { TableWrap } from "@/components/ui/panel";
import { FormError, FormSuccess } from "@/components/ui/action-form";
import { bulkExecutionsAction } from "@/lib/actions/executions";
import { formatAgo, formatDateTime } from "@/lib/ui/format";
import { tenantKey } from "@/lib/ui/query-keys";
import { cn } from "@/lib/ui/cn";
import type { Execution } from "@/engine/executor/types";
import { ConfirmDialog } from "./confirm-dialog";
import { elapsedMs, executionHref, formatMs, isTerminal, listHref, listQuery, searchUrl, shortId, type ExecutionListParams } from "./model";

export type ExecutionPage = { results: Execution[]; total: number };

const SORTABLE = { id: "Execution", flowId: "Flow", state: "State", startDate: "Started", endDate: "Ended" } as const;

/**
 * The executions table: polled every 2 s while a row on screen has not ended, with bulk
 * kill / restart / delete of the selected rows. The first page comes from the server.
 */
export function ExecutionsList({
  tenantId,
  base,
  params,
  size,
  initial,
  can,
}: {
  tenantId: string;
  base: string;
  params: ExecutionListParams;
  size: number;
  initial: ExecutionPage;
  can: { update: boolean; delete: boolean };
}) {
  const router = useRouter();
  const client = useQueryClient();
  const key = tenantKey(tenantId, "executions", listQuery(params));
  const { data } = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => {
      const res = await fetch(searchUrl(tenantId, params, size), { signal, headers: { accept: "application/json" } });
      if (!res.ok) throw new Error(`search failed: ${res.status}`);
      return (await res.json()) as ExecutionPage;
    },
    initialData: initial,
    staleTime: 1000,
    refetchInterval: (q) => (q.state.data?.results.some((e) => !isTerminal(e.state.current)) ? 2000 : false),
  });
  const rows = data.results;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const running = rows.some((e) => !isTerminal(e.state.current));
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);

  const visible = useMemo(() => new Set(rows.map((r) => r.id)), [rows]);
  const chosen = [...selected].filter((id) => visible.has(id));
  const all = rows.length > 0 && chosen.length === rows.length;
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const bulk = (op: "kill" | "restart" | "delete") => async () => {
    const result = await bulkExecutionsAction({ tenantId, op, ids: chosen });
    if (!result.ok) return result.error;
    const { done, failed } = result.data!;
    const verb = { kill: "Killed", restart: "Restarted", delete: "Deleted" }[op];
    setNotice({
      ok: failed.length === 0,
      text: `${verb} ${done.length} ${done.length === 1 ? "execution" : "executions"}.${failed.length ? ` ${failed.length} not: ${failed.map((f) => `${shortId(f.id)} (${f.message})`).join("; ")}` : ""}`,
    });
    setSelected(new Set());
    await client.invalidateQueries({ queryKey: tenantKey(tenantId, "executions") });
    router.refresh();
    return null;
  };

  const sortLink = (field: keyof typeof SORTABLE) => {
    const [f, dir] = (params.sort ?? "startDate:desc").split(":");
    const active = f === field;
    const next = active && dir === "desc" ? "asc" : "desc";
    return (
      <Link href={listHref(base, params, { sort: `${field}:${next}` })} className={cn("inline-flex items-center gap-0.5 hover:text-zinc-900", active && "text-zinc-900")}>
        {SORTABLE[field]}
        {active && <span aria-hidden="true">{dir === "asc" ? "↑" : "↓"}</span>}
        {active && <span className="sr-only">{dir === "asc" ? " (ascending)" : " (descending)"}</span>}
      </Link>
    );
  };

  const pageParams = Object.fromEntries(new URLSearchParams(listQuery({ ...params, page: 1 })));

  return (
    <>
      {(can.update || can.delete) && chosen.length > 0 && (
        <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-[12px]" data-testid="bulk-bar">
          <span className="font-medium">{chosen.length} selected</span>
          {can.update && (
            <ConfirmDialog size="sm" label="Kill" title={`Kill ${chosen.length} executions?`} description="Running task runs are stopped; ended executions are left as they are." confirmLabel="Kill" onConfirm={bulk("kill")} />
          )}
          {can.update && (
            <ConfirmDialog
              size="sm"
              label="Restart"
              tone="primary"
              title={`Restart ${chosen.length} executions?`}
              description="Failed, killed and warning executions run their failed task runs again. Others are left as they are."
              confirmLabel="Restart"
              onConfirm={bulk("restart")}
            />
          )}
          {can.delete && (
            <ConfirmDialog
              size="sm"
              variant="danger-outline"
              label="Delete"
              title={`Delete ${chosen.length} executions?`}
              description="The executions, their logs and their files are deleted. This cannot be undone."
              confirmLabel="Delete"
              onConfirm={bulk("delete")}
            />
          )}
          <button type="button" className="ml-auto text-zinc-500 hover:text-zinc-900" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      {notice && <div className="border-b border-zinc-200 px-3 pb-2">{notice.ok ? <FormSuccess message={notice.text} /> : <FormError message={notice.text} />}</div>}
      <TableWrap>
        <table className="data-table" data-testid="executions">
          <thead>
            <tr>
              {(can.update || can.delete) && (
                <th scope="col" className="w-8">
                  <input
                    type="checkbox"
                    aria-label="Select all executions on this page"
                    checked={all}
                    onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))}
                  />
                </th>
              )}
              <th scope="col">{sortLink("id")}</th>
              <th scope="col">{sortLink("flowId")}</th>
              <th scope="col">{sortLink("state")}</th>
              <th scope="col">{sortLink("startDate")}</th>
              <th scope="col" className="text-right">
                Duration
              </th>
              <th scope="col">Labels</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-execution-id={e.id} data-state={e.state.current}>
                {(can.update || can.delete) && (
                  <td>
                    <input type="checkbox" aria-label={`Select execution ${shortId(e.id)}`} checked={selected.has(e.id)} onChange={() => toggle(e.id)} />
                  </td>
                )}
                <td className="font-mono text-[12px] whitespace-nowrap">
                  <Link href={executionHref(tenantId, e)} className="hover:underline" title={e.id}>
                    {shortId(e.id)}
                  </Link>
                </td>
                <td className="max-w-72 whitespace-nowrap">
                  <Link href={flowHref(tenantId, e.namespace, e.flowId)} className="block truncate hover:underline">
                    <span className="text-zinc-500">{e.namespace}</span>
                    <span className="text-zinc-400">/</span>
                    <span className="font-medium">{e.flowId}</span>
                  </Link>
                </td>
                <td>
                  <StateBadge state={e.state.current} />
                </td>
                <td className="whitespace-nowrap text-zinc-600" title={formatDateTime(e.state.startDate)} suppressHydrationWarning>
                  {formatAgo(e.state.startDate, new Date(now))}
                </td>
                <td className="text-right whitespace-nowrap text-zinc-600 tabular-nums" suppressHydrationWarning>{formatMs(elapsedMs(e.state.startDate, e.state.endDate, now))}</td>
                <td>
                  <LabelChips labels={e.labels ?? []} max={3} href={(l) => listHref(base, params, { labels: `${l.key}:${l.value}` })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Pagination basePath={base} page={params.page} size={size} total={data.total} params={pageParams} />
    </>
  );
}

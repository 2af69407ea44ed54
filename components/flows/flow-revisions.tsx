import { EmptyState } from "@/components/ui/empty-state";
import { ScrollText } from "@/components/ui/icons";
import { Panel } from "@/components/ui/panel";
import { formatDateTime } from "@/lib/ui/format";
import { LazyRevisionDiff } from "./lazy";
import { RevisionsTable, type RevisionRow } from "./revisions-table";

type Side = { revision: number; createdAt: Date; source: string } | null;

/** The revisions list and the side-by-side diff of the two picked revisions. */
export function FlowRevisions({
  tenantId,
  namespace,
  id,
  current,
  rows,
  a,
  b,
  left,
  right,
  canRestore,
}: {
  tenantId: string;
  namespace: string;
  id: string;
  current: number;
  rows: RevisionRow[];
  a: number;
  b: number;
  left: Side;
  right: Side;
  canRestore: boolean;
}) {
  const heading = (side: Side, fallback: number) =>
    side ? (
      <>
        Revision <span className="font-mono text-zinc-900">{side.revision}</span>
        <span className="ml-1.5 font-normal text-zinc-500">{formatDateTime(side.createdAt)}</span>
      </>
    ) : (
      <>Revision {fallback} does not exist</>
    );
  return (
    <div className="space-y-4">
      <Panel
        title="Revisions"
        description={`Every save that changed the source is a revision. Pick two to compare${canRestore ? ", or restore an old one as the newest" : ""}.`}
      >
        <RevisionsTable tenantId={tenantId} namespace={namespace} id={id} rows={rows} current={current} a={a} b={b} canRestore={canRestore} />
      </Panel>
      <Panel
        title={
          <>
            Changes from revision {a} to revision {b}
          </>
        }
        description={a === b ? "The same revision is picked on both sides: pick another one to see what changed." : "Unchanged stretches are folded; click a fold to open it."}
      >
        {rows.length < 2 ? (
          <EmptyState icon={<ScrollText />} title="Only one revision so far">
            Each save that changes the source adds a revision; the changes between any two of them show here.
          </EmptyState>
        ) : left && right ? (
          <>
            <div className="hidden grid-cols-2 border-b border-zinc-200 bg-zinc-50 text-[12px] font-medium text-zinc-600 md:grid">
              <div className="border-r border-zinc-200 px-3 py-1.5">{heading(left, a)}</div>
              <div className="px-3 py-1.5">{heading(right, b)}</div>
            </div>
            <LazyRevisionDiff key={`${a}-${b}`} left={left.source} right={right.source} />
          </>
        ) : (
          <p className="px-4 py-3 text-[13px] text-zinc-500">{!left ? heading(left, a) : heading(right, b)}. Pick revisions from the list.</p>
        )}
      </Panel>
    </div>
  );
}

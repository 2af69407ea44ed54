import Link from "next/link";

type Label = { key: string; value: string };

/** A flow's labels as `key:value` chips; with `href`, each chip filters the list by itself. */
export function LabelChips({ labels, href, max = 4 }: { labels: Label[]; href?: (label: Label) => string; max?: number }) {
  if (labels.length === 0) return <span className="text-zinc-400">—</span>;
  const shown = labels.slice(0, max);
  const chip = "inline-flex max-w-44 items-center rounded bg-zinc-100 px-1.5 py-px font-mono text-[11px] text-zinc-700 ring-1 ring-zinc-200 ring-inset";
  return (
    <span className="flex flex-wrap gap-1">
      {shown.map((l) => {
        const text = (
          <>
            <span className="truncate text-zinc-500">{l.key}:</span>
            <span className="truncate">{l.value}</span>
          </>
        );
        return href ? (
          <Link key={`${l.key}:${l.value}`} href={href(l)} className={`${chip} hover:bg-zinc-200`} title={`Only flows labelled ${l.key}:${l.value}`}>
            {text}
          </Link>
        ) : (
          <span key={`${l.key}:${l.value}`} className={chip}>
            {text}
          </span>
        );
      })}
      {labels.length > max && <span className="text-[11px] text-zinc-500">+{labels.length - max}</span>}
    </span>
  );
}

import { CopyButton } from "./copy-button";

/** A block of code or a shell command, with a copy button. */
export function CodeBlock({ code, label }: { code: string; label?: string }) {
  return (
    <div className="overflow-hidden rounded-md border border-zinc-200 bg-zinc-950 text-left">
      <div className="flex items-center justify-between border-b border-zinc-800 px-3 py-1">
        <span className="text-[11px] font-medium tracking-wide text-zinc-400 uppercase">{label ?? "shell"}</span>
        <CopyButton value={code} />
      </div>
      <pre className="overflow-x-auto px-3 py-2.5 text-[12px] leading-5 text-zinc-100">
        <code>{code}</code>
      </pre>
    </div>
  );
}

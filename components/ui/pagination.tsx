import Link from "next/link";
import { buttonClass } from "./button";
import { ChevronLeft, ChevronRight } from "./icons";

/** Previous/next links for a paged list (`?page=n`), with the range shown. */
export function Pagination({ basePath, page, size, total, params }: { basePath: string; page: number; size: number; total: number; params?: Record<string, string> }) {
  const pages = Math.max(1, Math.ceil(total / size));
  const href = (p: number) => {
    const q = new URLSearchParams({ ...(params ?? {}), ...(p > 1 ? { page: String(p) } : {}) }).toString();
    return q ? `${basePath}?${q}` : basePath;
  };
  const from = total === 0 ? 0 : (page - 1) * size + 1;
  const to = Math.min(total, page * size);
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between gap-3 border-t border-zinc-200 px-4 py-2 text-[12px] text-zinc-500">
      <span>{total === 0 ? "No entries" : `${from}–${to} of ${total}`}</span>
      <div className="flex items-center gap-2">
        {page > 1 ? (
          <Link className={buttonClass("secondary", "sm")} href={href(page - 1)} rel="prev">
            <ChevronLeft size={14} /> Previous
          </Link>
        ) : (
          <span className={buttonClass("secondary", "sm", "opacity-50")} aria-disabled="true">
            <ChevronLeft size={14} /> Previous
          </span>
        )}
        <span>
          Page {Math.min(page, pages)} of {pages}
        </span>
        {page < pages ? (
          <Link className={buttonClass("secondary", "sm")} href={href(page + 1)} rel="next">
            Next <ChevronRight size={14} />
          </Link>
        ) : (
          <span className={buttonClass("secondary", "sm", "opacity-50")} aria-disabled="true">
            Next <ChevronRight size={14} />
          </span>
        )}
      </div>
    </nav>
  );
}

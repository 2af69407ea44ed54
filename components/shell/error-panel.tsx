"use client";

import Link from "next/link";
import { useEffect } from "react";
import { AlertTriangle } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button";

/** The friendly face of an unexpected error: what happened, a retry, a way out. Never the raw error. */
export function ErrorPanel({ error, retry, homeHref = "/ui" }: { error: unknown; retry: () => void; homeHref?: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div role="alert" className="rounded-lg border border-zinc-200 bg-white px-6 py-12 text-center shadow-xs">
      <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-red-50 text-red-600">
        <AlertTriangle />
      </div>
      <h1 className="text-[15px]">This page could not be loaded</h1>
      <p className="mx-auto mt-1 max-w-md text-[13px] text-zinc-500">
        Something went wrong while loading it. Try again; if it keeps failing, tell your administrator
        {digest ? (
          <>
            {" "}
            and quote the reference <code className="rounded bg-zinc-100 px-1">{digest}</code>
          </>
        ) : null}
        .
      </p>
      <div className="mt-4 flex justify-center gap-2">
        <button type="button" className={buttonClass("primary")} onClick={() => retry()}>
          Try again
        </button>
        <Link href={homeHref} className={buttonClass("secondary")}>
          Go to start
        </Link>
      </div>
    </div>
  );
}

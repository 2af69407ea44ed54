"use client";

import { ErrorPanel } from "@/components/shell/error-panel";

export default function RootError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-100 px-4">
      <div className="w-full max-w-lg">
        <ErrorPanel error={error} retry={retry} />
      </div>
    </main>
  );
}

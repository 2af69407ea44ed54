import Link from "next/link";
import type { ReactNode } from "react";
import { Logo } from "@/components/ui/icons";
import { buttonClass } from "@/components/ui/button";

/** A full-page 404 with the product mark, for pages outside any tenant frame. */
export function NotFoundCard({ title, children, href = "/ui", linkText = "Go to your tenants" }: { title: string; children: ReactNode; href?: string; linkText?: string }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-zinc-100 px-4 py-10 text-center">
      <Link href="/ui" aria-label="Switchyard home" className="mb-6 flex items-center gap-2">
        <Logo size={28} />
        <span className="text-[17px] font-semibold tracking-tight">Switchyard</span>
      </Link>
      <div className="w-full max-w-md rounded-xl border border-zinc-200 bg-white px-6 py-8 shadow-sm">
        <p className="font-mono text-[12px] font-medium tracking-widest text-zinc-400">404</p>
        <h1 className="mt-1 text-[17px]">{title}</h1>
        <div className="mt-2 text-[13px] text-zinc-500">{children}</div>
        <Link href={href} className={buttonClass("primary", "md", "mt-5")}>
          {linkText}
        </Link>
      </div>
    </main>
  );
}

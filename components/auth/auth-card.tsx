import type { ReactNode } from "react";
import { Logo } from "@/components/ui/icons";

/** The centred card of the signed-out pages (login, setup, logout). */
export function AuthCard({ title, description, children, footer }: { title: string; description?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-zinc-100 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <Logo size={28} />
          <span className="text-[17px] font-semibold tracking-tight">Switchyard</span>
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm">
          <h1 className="text-[16px]">{title}</h1>
          {description && <p className="mt-1 text-[13px] text-zinc-500">{description}</p>}
          <div className="mt-5">{children}</div>
        </div>
        {footer && <div className="mt-4 text-center text-[12px] text-zinc-500">{footer}</div>}
      </div>
    </main>
  );
}

import type { ButtonHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";

type Variant = "primary" | "secondary" | "danger" | "danger-outline" | "ghost";
type Size = "sm" | "md";

const VARIANTS: Record<Variant, string> = {
  primary: "bg-zinc-900 text-white hover:bg-zinc-700 border border-zinc-900 shadow-xs",
  secondary: "bg-white text-zinc-800 hover:bg-zinc-50 border border-zinc-300 shadow-xs",
  danger: "bg-red-600 text-white hover:bg-red-700 border border-red-600 shadow-xs",
  "danger-outline": "bg-white text-red-700 hover:bg-red-50 border border-zinc-300 shadow-xs",
  ghost: "bg-transparent text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 border border-transparent",
};
const SIZES: Record<Size, string> = { sm: "h-7 px-2 text-[12px] gap-1", md: "h-8 px-3 text-[13px] gap-1.5" };

/** Classes of a button, for links that look like one. */
export function buttonClass(variant: Variant = "secondary", size: Size = "md", extra?: string): string {
  return cn(
    "inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap transition-colors",
    "disabled:pointer-events-none disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
    VARIANTS[variant],
    SIZES[size],
    extra,
  );
}

export function Button({
  variant = "secondary",
  size = "md",
  className,
  type = "button",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: Size }) {
  return <button type={type} className={buttonClass(variant, size, className)} {...props} />;
}

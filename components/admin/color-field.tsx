"use client";

import { useState } from "react";
import { cn } from "@/lib/ui/cn";

const TENANT_COLORS = ["#dc2626", "#ea580c", "#ca8a04", "#16a34a", "#0f766e", "#0284c7", "#4f46e5", "#9333ea", "#db2777", "#52525b"];

/** A tenant colour: a row of presets (red for prod, green for dev…) plus any colour. */
export function ColorField({ id, name, defaultValue, label = "Colour" }: { id: string; name: string; defaultValue: string; label?: string }) {
  const [value, setValue] = useState(defaultValue);
  return (
    <fieldset className="space-y-1">
      <legend className="mb-1 block text-[12px] font-medium text-zinc-700">{label}</legend>
      <div className="flex flex-wrap items-center gap-1.5">
        {TENANT_COLORS.map((c) => (
          <button
            key={c}
            type="button"
            onClick={() => setValue(c)}
            aria-label={`Colour ${c}`}
            aria-pressed={value.toLowerCase() === c}
            className={cn("size-6 rounded-md ring-1 ring-black/10", value.toLowerCase() === c && "ring-2 ring-zinc-900 ring-offset-1")}
            style={{ backgroundColor: c }}
          />
        ))}
        <label htmlFor={id} className="sr-only">
          Custom colour
        </label>
        <input
          id={id}
          type="color"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="h-6 w-8 cursor-pointer rounded border border-zinc-300 bg-white p-0"
          title="Custom colour"
        />
        <input type="hidden" name={name} value={value} />
        <code className="text-[11px] text-zinc-500">{value}</code>
      </div>
    </fieldset>
  );
}

import type { TaskContext } from "@/engine/executor/context";
import type { ExecutionsService } from "@/engine/executor/services";

/** The executions service, or a clear failure where the engine has none. */
export function executionsOf(ctx: TaskContext<unknown>): ExecutionsService {
  if (!ctx.executions) throw new Error("Executions and logs are not available to this engine");
  return ctx.executions;
}

/** A list property: a YAML list (each item rendered) or one expression giving a list (or one value). */
export async function renderStringList(ctx: TaskContext<unknown>, value: string | string[] | undefined): Promise<string[] | undefined> {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return Promise.all(value.map((v) => ctx.render(v)));
  const rendered = await ctx.renderTyped(value);
  if (Array.isArray(rendered)) return rendered.map((v) => String(v));
  if (typeof rendered === "string" && rendered.trim().startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(rendered);
      if (Array.isArray(parsed)) return parsed.map((v) => String(v));
    } catch {
      // not a JSON list: one value
    }
  }
  return rendered === null || rendered === "" ? [] : [String(rendered)];
}

/** A date-time property rendered to ISO (Kestra parses it as a ZonedDateTime); `name` names it in the error. */
export async function renderDate(ctx: TaskContext<unknown>, value: string | undefined, name: string): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const rendered = (await ctx.render(value)).trim();
  if (rendered === "") return undefined;
  const date = new Date(rendered);
  if (Number.isNaN(date.getTime())) throw new Error(`Invalid date '${rendered}' for \`${name}\`: expected an ISO-8601 date-time such as 2026-01-31T10:00:00Z`);
  return date.toISOString();
}

/** An optional rendered string (absent or rendered empty: undefined). */
export async function renderOptional(ctx: TaskContext<unknown>, value: string | undefined): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const rendered = await ctx.render(value);
  return rendered === "" ? undefined : rendered;
}

/** A boolean property (a boolean or an expression giving one). */
export async function renderBool(ctx: TaskContext<unknown>, value: boolean | string): Promise<boolean> {
  return typeof value === "boolean" ? value : (await ctx.render(value)).trim() === "true";
}

/** One value of a list of names, or a clear error naming the property. */
export function checkEach<T extends string>(values: string[] | undefined, allowed: readonly T[], name: string): T[] | undefined {
  if (values === undefined) return undefined;
  for (const v of values) if (!(allowed as readonly string[]).includes(v)) throw new Error(`Invalid value '${v}' in \`${name}\`: expected one of ${allowed.join(", ")}`);
  return values as T[];
}

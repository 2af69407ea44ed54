import type { FlowableContext } from "@/engine/executor/flowable";
import type { ResolvedTask } from "@/engine/executor/resolve";
import type { Task } from "../common";

/**
 * Kestra's resolveEachTasks: the loop's values (a JSON array string or expression, or a YAML
 * list whose items are rendered), without duplicates, each child task placed once per value.
 * A value that is not a string becomes its compact JSON; a null value is an error.
 */
export async function loopChildren(
  ctx: FlowableContext<unknown>,
  values: string | readonly unknown[],
  tasks: readonly Task[],
): Promise<ResolvedTask[]> {
  const list = await loopValues(ctx, values);
  const seen = new Set<string>();
  const distinct: unknown[] = [];
  for (const value of list) {
    const key = JSON.stringify(value ?? null);
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(value);
  }
  const nulls = distinct.filter((v) => v === null || v === undefined).length;
  if (nulls > 0) throw new Error(`Found '${nulls}' null values on Each, with values=${javaText(list)}`);
  const out: ResolvedTask[] = [];
  distinct.forEach((value, iteration) => {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    for (const task of tasks) out.push({ task, parentId: ctx.taskRun.id, value: text, iteration });
  });
  return out;
}

async function loopValues(ctx: FlowableContext<unknown>, values: string | readonly unknown[]): Promise<unknown[]> {
  if (typeof values === "string") {
    const rendered = await ctx.render(values);
    let parsed: unknown;
    try {
      parsed = JSON.parse(rendered);
    } catch {
      throw new Error(`Invalid values on Each, expected a JSON array: '${rendered}'`);
    }
    if (!Array.isArray(parsed)) throw new Error(`Invalid values on Each, expected a JSON array: '${rendered}'`);
    return parsed;
  }
  const out: unknown[] = [];
  for (const item of values) {
    if (typeof item === "string") out.push(await ctx.render(item));
    else if (typeof item === "number" || typeof item === "boolean") out.push(await ctx.render(String(item)));
    else if (item && typeof item === "object" && !Array.isArray(item)) out.push(await ctx.renderRecursive(item));
    else if (item === null || item === undefined) out.push(null);
    else throw new Error(`Unknown value element type on Each: ${JSON.stringify(item)}`);
  }
  return out;
}

/** A value as Java's toString prints the parsed JSON (Arrays.toString, AbstractMap.toString): Kestra's log text. */
function javaText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(javaText).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${javaText(v)}`).join(", ")}}`;
  }
  return String(value);
}

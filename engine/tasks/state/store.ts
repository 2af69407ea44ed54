import type { TaskContext } from "@/engine/executor/context";
import { dynBool, text } from "@/engine/flow/values";

/**
 * Kestra's state store (StateStore) over the namespace's KV store: a state is a JSON map
 * under `{flowId}_states_tasks-states_{name}[_{taskrun value}]` (without the flow id when
 * `namespace: true`), so every flow run (and each loop value) finds the state the last left.
 */
export const stateShape = {
  name: text().default("default"),
  /** Share the state with the whole namespace instead of this flow. */
  namespace: dynBool().default(false),
  /** One state per loop value (`taskrun.value`), as Kestra by default. */
  taskrunValue: dynBool().default(true),
};

type StateProps = { name: string; namespace: boolean | string; taskrunValue: boolean | string };

async function flag(ctx: TaskContext<unknown>, value: boolean | string): Promise<boolean> {
  return typeof value === "boolean" ? value : (await ctx.render(value)) === "true";
}

/** Kestra's Slugify: lower case, runs of other characters as one dash. */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** The KV key of the task's state (KV keys allow letters, digits, `-`, `_` and `.`: other characters become `-`). */
export async function stateKey(ctx: TaskContext<StateProps>): Promise<{ namespace: string; key: string; name: string }> {
  const name = await ctx.render(ctx.props.name);
  const flowScoped = !(await flag(ctx, ctx.props.namespace));
  const value = (await flag(ctx, ctx.props.taskrunValue)) ? ctx.taskRun.value : null;
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, "-");
  const key = `${flowScoped ? `${slug(ctx.flow.id)}_` : ""}states_tasks-states_${safe(name)}${value === null || value === undefined ? "" : `_${safe(String(value))}`}`;
  return { namespace: ctx.flow.namespace, key, name };
}

export async function readState(ctx: TaskContext<StateProps>): Promise<Record<string, unknown> | null> {
  const { namespace, key } = await stateKey(ctx);
  const entry = await ctx.kv.get(namespace, key);
  if (!entry) return null;
  const value = typeof entry.value === "string" ? JSON.parse(entry.value) : entry.value;
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}



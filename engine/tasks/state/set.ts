import { z } from "zod";
import { defineRunnable } from "../define";
import { readState, stateKey, stateShape } from "./store";

/** Kestra's state.Set: merges `data` (rendered) into the state; outputs its size and its key. */
export const stateSet = defineRunnable({
  type: "io.kestra.plugin.core.state.Set",
  aliases: ["io.kestra.core.tasks.states.Set"],
  title: "Merge values into a state kept between executions (on the namespace's KV store)",
  properties: z.object({ ...stateShape, data: z.record(z.string(), z.unknown()).optional() }),
  async run(ctx) {
    const current = (await readState(ctx)) ?? {};
    const data = (await ctx.renderRecursive(ctx.props.data ?? {})) as Record<string, unknown>;
    const merged = { ...current, ...data };
    const { namespace, key } = await stateKey(ctx);
    await ctx.kv.set(namespace, key, merged, { type: "JSON" });
    return { outputs: { count: Object.keys(merged).length, key } };
  },
});

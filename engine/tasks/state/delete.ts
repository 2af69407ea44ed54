import { z } from "zod";
import { dynBool } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { stateKey, stateShape } from "./store";

/** Kestra's state.Delete: removes the state; `errorOnMissing` fails when there was none. */
export const stateDelete = defineRunnable({
  type: "io.kestra.plugin.core.state.Delete",
  aliases: ["io.kestra.core.tasks.states.Delete"],
  title: "Delete a state saved by state.Set",
  properties: z.object({ ...stateShape, errorOnMissing: dynBool().default(false) }),
  async run(ctx) {
    const { namespace, key, name } = await stateKey(ctx);
    const deleted = await ctx.kv.delete(namespace, key);
    const errorOnMissing = typeof ctx.props.errorOnMissing === "boolean" ? ctx.props.errorOnMissing : (await ctx.render(ctx.props.errorOnMissing)) === "true";
    if (!deleted && errorOnMissing) throw new Error(`Unable to find the state file '${name}'`);
    return { outputs: { deleted } };
  },
});

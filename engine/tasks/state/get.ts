import { z } from "zod";
import { dynBool } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { readState, stateShape, stateKey } from "./store";

/** Kestra's state.Get: the state's map (`data`) and its size (`count`); empty when there is none. */
export const stateGet = defineRunnable({
  type: "io.kestra.plugin.core.state.Get",
  aliases: ["io.kestra.core.tasks.states.Get"],
  title: "Read a state saved by state.Set (on the namespace's KV store)",
  properties: z.object({ ...stateShape, errorOnMissing: dynBool().default(false) }),
  async run(ctx) {
    const data = await readState(ctx);
    const errorOnMissing = typeof ctx.props.errorOnMissing === "boolean" ? ctx.props.errorOnMissing : (await ctx.render(ctx.props.errorOnMissing)) === "true";
    if (data === null && errorOnMissing) throw new Error(`State ${(await stateKey(ctx)).key} not found`);
    return { outputs: { count: Object.keys(data ?? {}).length, data: data ?? {} } };
  },
});

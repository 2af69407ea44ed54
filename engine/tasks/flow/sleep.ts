import { z } from "zod";
import { parseDuration } from "@/engine/executor/duration";
import { lastEntered } from "@/engine/executor/state";
import { dynDuration } from "@/engine/flow/values";
import { defineRunnable } from "../define";

/** A timer, not a worker task: the run stays RUNNING until its end date, then SUCCESS. */
export const sleep = defineRunnable({
  type: "io.kestra.plugin.core.flow.Sleep",
  title: "Wait for a duration",
  properties: z.object({
    duration: dynDuration(),
  }),
  async timer(ctx) {
    const since = lastEntered(ctx.taskRun.state, "RUNNING");
    if (!since) return undefined;
    const ms = parseDuration(await ctx.render(ctx.props.duration));
    return { at: new Date(Date.parse(since) + ms).toISOString(), outcome: "SUCCESS" };
  },
});

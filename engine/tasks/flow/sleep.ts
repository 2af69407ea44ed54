import { z } from "zod";
import { dynDuration } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const sleep = defineRunnable({
  type: "io.kestra.plugin.core.flow.Sleep",
  title: "Wait for a duration",
  properties: z.object({
    duration: dynDuration(),
  }),
});

import { z } from "zod";
import { isTruthy } from "@/engine/template";
import { dynEnum, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { resolved } from "./files";
import { readItems } from "./items";

const FILTER_TYPES = ["INCLUDE", "EXCLUDE"] as const;
const ON_ERROR_OR_NULL = ["FAIL", "INCLUDE", "EXCLUDE"] as const;

export const filterItems = defineRunnable({
  type: "io.kestra.plugin.core.storage.FilterItems",
  aliases: ["io.kestra.core.tasks.storages.FilterItems"],
  title: "Keep or drop the items of an Ion file that match an expression",
  properties: z.object({
    from: text(),
    /** Rendered for each item with its fields as variables: `{{ amount > 10 }}`. */
    filterCondition: z.string(),
    filterType: dynEnum(FILTER_TYPES).default("INCLUDE"),
    errorOrNullBehavior: dynEnum(ON_ERROR_OR_NULL).default("FAIL"),
  }),
  async run(ctx) {
    const { props } = ctx;
    const from = await ctx.render(props.from);
    const oneOf = <T extends readonly string[]>(values: T, what: string) => (v: string) => {
      if (!values.includes(v.trim())) throw new Error(`${what} must be one of ${values.join(", ")}, got '${v}'`);
      return v.trim() as T[number];
    };
    const filterType = await resolved(ctx, props.filterType, oneOf(FILTER_TYPES, "filterType"));
    const onErrorOrNull = await resolved(ctx, props.errorOrNullBehavior, oneOf(ON_ERROR_OR_NULL, "errorOrNullBehavior"));
    const kept: string[] = [];
    let processed = 0;
    let dropped = 0;
    for (const item of await readItems(ctx, from)) {
      let match: boolean | null = null;
      let failure: Error | null = null;
      try {
        match = isTruthy((await ctx.renderWith(props.filterCondition, item.fields)).trim());
      } catch (error) {
        failure = error as Error;
      }
      let include: boolean;
      if (match === null) {
        if (onErrorOrNull === "FAIL") throw failure ?? new Error(`Expression \`${props.filterCondition}\` return \`null\` on item \`${item.line}\``);
        include = onErrorOrNull === "INCLUDE";
      } else {
        include = filterType === "INCLUDE" ? match : !match;
      }
      if (include) kept.push(item.line);
      else dropped++;
      processed++;
    }
    const uri = await ctx.storage.put(kept.map((l) => `${l}\n`).join(""), { extension: ".ion" });
    return { outputs: { uri, processedItemsTotal: processed, droppedItemsTotal: dropped } };
  },
});

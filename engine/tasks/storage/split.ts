import { z } from "zod";
import { dynInt, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { asInt, extensionOf, parseBytes, readText, resolved } from "./files";
import { splitLines } from "@/engine/storage/ion";
import { userRegex } from "@/engine/template/regex";

export const storageSplit = defineRunnable({
  type: "io.kestra.plugin.core.storage.Split",
  aliases: ["io.kestra.core.tasks.storages.Split"],
  title: "Split a file of the internal storage into several, by size, rows, partitions or a regex",
  properties: z
    .object({
      from: text(),
      /** A readable size such as `10MB`: a new file starts once this many bytes are written. */
      bytes: text().optional(),
      /** This many files, lines dealt round-robin; empty ones are dropped. */
      partitions: dynInt({ min: 1 }).optional(),
      /** A new file every this many lines. */
      rows: dynInt({ min: 1 }).optional(),
      /** Lines grouped by the first capture group; lines that do not match are dropped. */
      regexPattern: text().optional(),
      separator: text().default("\n"),
    })
    .refine((p) => p.bytes !== undefined || p.partitions !== undefined || p.rows !== undefined || p.regexPattern !== undefined, {
      message: "one of bytes, partitions, rows or regexPattern is required",
    }),
  async run(ctx) {
    const { props } = ctx;
    const from = await ctx.render(props.from);
    const separator = await ctx.render(props.separator);
    const lines = splitLines(await readText(ctx, from));
    let groups: string[][];
    if (props.regexPattern !== undefined) {
      // The flow author's pattern runs in linear time, like the templates' (no backtracking stall).
      const pattern = userRegex(await ctx.render(props.regexPattern));
      const byKey = new Map<string, string[]>();
      for (const line of lines) {
        pattern.lastIndex = 0;
        const m = pattern.exec(line);
        if (!m || m.length < 2 || m[1] === undefined) continue;
        byKey.set(m[1], [...(byKey.get(m[1]) ?? []), line]);
      }
      groups = [...byKey.values()];
    } else if (props.bytes !== undefined) {
      const limit = parseBytes(await ctx.render(props.bytes));
      groups = chunk(lines, (line) => Buffer.byteLength(line + separator), limit);
    } else if (props.partitions !== undefined) {
      const n = await resolved(ctx, props.partitions, asInt("partitions"));
      groups = Array.from({ length: n }, () => []);
      lines.forEach((line, i) => groups[i % n].push(line));
      groups = groups.filter((g) => g.length > 0);
    } else {
      const rows = await resolved(ctx, props.rows!, asInt("rows"));
      groups = chunk(lines, () => 1, rows);
    }
    const extension = extensionOf(from);
    const uris: string[] = [];
    for (const group of groups) uris.push(await ctx.storage.put(group.map((l) => l + separator).join(""), { extension }));
    return { outputs: { uris } };
  },
});

/** Starts a new group once the current one has reached `limit` (bytes or rows), as Kestra checks before each line. */
function chunk(lines: string[], weight: (line: string) => number, limit: number): string[][] {
  const groups: string[][] = [];
  let current: string[] | null = null;
  let total = 0;
  for (const line of lines) {
    if (current === null || total >= limit) {
      current = [];
      groups.push(current);
      total = 0;
    }
    current.push(line);
    total += weight(line);
  }
  return groups;
}

import { z } from "zod";
import type { TaskContext } from "@/engine/executor/context";
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
    const groups = await splitGroups(ctx, lines, props, separator);
    const extension = extensionOf(from);
    const uris: string[] = [];
    for (const group of groups) uris.push(await ctx.storage.put(group.map((l) => l + separator).join(""), { extension }));
    return { outputs: { uris } };
  },
});

/** How a file's lines are grouped: Split's properties and ForEachItem's `batch`. */
export type SplitBy = {
  bytes?: string;
  partitions?: number | string;
  rows?: number | string;
  regexPattern?: string;
};

/** The lines grouped by the first of regexPattern, bytes, partitions or rows that is set. */
export async function splitGroups(ctx: TaskContext<unknown>, lines: string[], by: SplitBy, separator: string): Promise<string[][]> {
  if (by.regexPattern !== undefined) {
    // The flow author's pattern runs in linear time, like the templates' (no backtracking stall).
    const pattern = userRegex(await ctx.render(by.regexPattern));
    const byKey = new Map<string, string[]>();
    for (const line of lines) {
      pattern.lastIndex = 0;
      const m = pattern.exec(line);
      if (!m || m.length < 2 || m[1] === undefined) continue;
      byKey.set(m[1], [...(byKey.get(m[1]) ?? []), line]);
    }
    return [...byKey.values()];
  }
  if (by.bytes !== undefined) {
    const limit = parseBytes(await ctx.render(by.bytes));
    return chunk(lines, (line) => Buffer.byteLength(line + separator), limit);
  }
  if (by.partitions !== undefined) {
    const n = await resolved(ctx, by.partitions, asInt("partitions"));
    // More partitions than lines leaves the extra ones empty (dropped): never allocate them.
    const groups: string[][] = Array.from({ length: Math.min(n, lines.length) }, () => []);
    lines.forEach((line, i) => groups[i % n].push(line));
    return groups.filter((g) => g.length > 0);
  }
  if (by.rows === undefined) throw new Error("one of bytes, partitions, rows or regexPattern is required");
  const rows = await resolved(ctx, by.rows, asInt("rows"));
  return chunk(lines, () => 1, rows);
}

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

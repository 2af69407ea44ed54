import type { TaskContext } from "@/engine/executor/context";
import { parseIonLine, splitLines } from "@/engine/storage/ion";
import { readText } from "./files";

/** The rows of an Ion file, each with the variables its fields give an expression. */
export async function readItems(ctx: TaskContext<unknown>, uri: string): Promise<{ line: string; fields: Record<string, unknown> }[]> {
  const rows: { line: string; fields: Record<string, unknown> }[] = [];
  for (const line of splitLines(await readText(ctx, uri))) {
    let value: unknown;
    try {
      value = parseIonLine(line);
    } catch (error) {
      throw new Error(`Unable to read an item of '${uri}': ${(error as Error).message}`);
    }
    const fields = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    rows.push({ line, fields });
  }
  return rows;
}

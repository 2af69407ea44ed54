"use server";

import { z } from "zod";
import { namespaceSchema } from "@/lib/api/schemas";
import { normalizePath, PathError } from "@/lib/namespace-files/paths";
import { createNamespaceDirectory, deleteNamespaceFile, moveNamespaceFile, writeNamespaceFile } from "@/lib/server/namespace-files";
import { tenantAction } from "./wrapper";

/** A confined namespace-file path (lib/namespace-files/paths.ts), normalised; the rule's reason as the field error. */
const pathField = z.string().transform((raw, ctx) => {
  try {
    return normalizePath(raw);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof PathError ? `Path ${error.message}` : "Invalid path" });
    return z.NEVER;
  }
});

/** The namespace page's Files tab: save from the editor or an upload (text), new folder, move, delete. */
export const saveNamespaceFile = tenantAction(
  { input: z.object({ namespace: namespaceSchema, path: pathField, content: z.string().max(10 * 1024 * 1024, "At most 10 MiB") }), permission: ["NAMESPACE", "CREATE"] },
  async ({ input, actor }) => {
    const { created } = await writeNamespaceFile(actor, { namespace: input.namespace, path: input.path, content: Buffer.from(input.content, "utf8") });
    return { id: input.path, created };
  },
);

export const createNamespaceFolder = tenantAction(
  { input: z.object({ namespace: namespaceSchema, path: pathField }), permission: ["NAMESPACE", "CREATE"] },
  async ({ input, actor }) => {
    await createNamespaceDirectory(actor, { namespace: input.namespace, path: input.path });
    return { id: input.path };
  },
);

export const moveNamespaceFileAction = tenantAction(
  { input: z.object({ namespace: namespaceSchema, from: pathField, to: pathField }), permission: ["NAMESPACE", "UPDATE"] },
  async ({ input, actor }) => {
    await moveNamespaceFile(actor, { namespace: input.namespace, from: input.from, to: input.to });
    return { id: input.to };
  },
);

export const deleteNamespaceFileAction = tenantAction(
  { input: z.object({ namespace: namespaceSchema, path: pathField }), permission: ["NAMESPACE", "DELETE"] },
  async ({ input, actor }) => {
    await deleteNamespaceFile(actor, { namespace: input.namespace, path: input.path });
  },
);

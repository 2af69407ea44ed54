import { z } from "zod";
import { bool, onType, text } from "@/engine/flow/values";

const PROCESS_RUNNER = "io.kestra.plugin.core.runner.Process";
const PROCESS_ALIASES = [PROCESS_RUNNER, "io.kestra.plugin.scripts.runner.Process", "io.kestra.core.models.tasks.runners.types.ProcessTaskRunner"];

/** A list of strings, or one expression that renders to a list (Kestra's Property<List<String>>). */
const stringList = () => z.union([z.array(z.string(onType("expected a string")), onType("expected a list of strings")), z.string()]);

/** Kestra's `NamespaceFiles`: which of the namespace's files to copy into the working directory. */
export const namespaceFiles = z.strictObject({
  enabled: bool().default(true),
  include: z.array(z.string()).optional(),
  exclude: z.array(z.string()).optional(),
  namespaces: z.array(z.string()).optional(),
  folderPerNamespace: bool().optional(),
  ifExists: z.enum(["OVERWRITE", "FAIL", "WARN", "IGNORE"]).optional(),
});

const taskRunner = z.looseObject(
  {
    type: z.string().refine((type) => PROCESS_ALIASES.includes(type), {
      message: `only the Process task runner (${PROCESS_RUNNER}) is supported; Docker, Kubernetes and cloud runners are not`,
    }),
  },
  onType("expected a task runner object with a type"),
);

/** Properties every script task has (Kestra's AbstractExecScript). */
const scriptShape = {
  beforeCommands: stringList().optional(),
  interpreter: stringList().optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** File name → content (text, or a `kestra://` URI of this execution), or one expression that renders to that map. */
  inputFiles: z.union([z.record(z.string(), z.string()), z.string()]).optional(),
  /** Globs, relative to the working directory, of files to keep in internal storage. */
  outputFiles: stringList().optional(),
  namespaceFiles: namespaceFiles.optional(),
  /** Set the task WARNING when the script wrote to stderr (Kestra's default: true). */
  warningOnStdErr: bool().default(true),
  /** Accepted for compatibility: the Process runner uses the worker's interpreters, not an image. */
  containerImage: text().optional(),
  taskRunner: taskRunner.optional(),
  /** Deprecated in Kestra for taskRunner; only PROCESS is supported. */
  runner: z.enum(["PROCESS"], { message: "only the PROCESS runner is supported" }).optional(),
  /** Stop at the first failing command (`set -e`), as Kestra's commands do. */
  failFast: bool().default(true),
};

export const commandsProperties = z.object({ ...scriptShape, commands: stringList() });
export const scriptProperties = z.object({ ...scriptShape, script: text() });

export type CommandsProps = z.output<typeof commandsProperties>;
export type ScriptProps = z.output<typeof scriptProperties>;
export type ScriptTaskProps = z.output<z.ZodObject<typeof scriptShape>>;

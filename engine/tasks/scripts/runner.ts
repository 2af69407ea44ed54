import fs from "node:fs/promises";
import path from "node:path";
import type { RunOutcome, TaskContext, WorkingDirectory } from "@/engine/executor/context";
import type { NamespaceFiles } from "@/engine/executor/services";
import { isLogLevel } from "@/engine/executor/context";
import { parseDuration } from "@/engine/executor/duration";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";
import type { ScriptTaskProps } from "./properties";
import { SANDBOX_WORKDIR, SandboxUnavailable, runSandboxed, type SandboxLimits } from "./sandbox";
import { globToRegExp } from "./glob";

/**
 * What every script task does around its own command line (Kestra's CommandsWrapper with
 * the Process runner): take a slot, make a fresh working directory, write the input files,
 * render the commands with `workingDir`/`outputDir`, run them in the sandbox while logging
 * each line as it comes (stdout INFO, stderr ERROR, `::{...}::` lines parsed), then upload
 * the output files and remove the directory.
 */

/** What a task type adds: the commands to run, and files (a script) to write first. */
export type ScriptPlan = {
  commands: string[];
  files?: Record<string, string>;
};

export type ScriptOutputs = {
  exitCode: number;
  vars: Record<string, unknown>;
  outputFiles?: Record<string, string>;
};

export { scriptSlots } from "./slots";

function scriptLimits(): SandboxLimits {
  const e = env();
  return {
    memoryBytes: e.SCRIPT_MEMORY_MB * 1024 * 1024,
    cpuSeconds: e.SCRIPT_CPU_SECONDS,
    processes: e.SCRIPT_PROCESSES,
    diskBytes: e.SCRIPT_DISK_MB * 1024 * 1024,
    wallMs: e.SCRIPT_WALL_SECONDS * 1000,
  };
}

/** Root of the runs' working directories: outside storage, never shown to a script but its own. */
function runsRoot(): string {
  return path.resolve(env().DATA_DIR, "script-runs");
}

let swept = false;

/**
 * Removes working directories left by a process that died mid-script (its task run is run
 * again from scratch). Only directories older than the wall-time limit: any younger one may
 * belong to a script still running in another worker on this host.
 */
async function sweepStaleRuns() {
  if (swept) return;
  swept = true;
  const cutoff = Date.now() - scriptLimits().wallMs - 60_000;
  for (const tenant of await fs.readdir(runsRoot()).catch(() => [] as string[])) {
    const dir = path.join(runsRoot(), tenant);
    for (const run of await fs.readdir(dir).catch(() => [] as string[])) {
      const stat = await fs.lstat(path.join(dir, run)).catch(() => null);
      if (stat?.isDirectory() && stat.mtimeMs < cutoff) await fs.rm(path.join(dir, run), { recursive: true, force: true }).catch(() => {});
    }
  }
}

async function renderList(ctx: TaskContext<unknown>, render: Renderers, value: string[] | string | undefined): Promise<string[]> {
  if (value === undefined) return [];
  if (typeof value === "string") {
    const typed = await render.renderTyped(value);
    if (Array.isArray(typed)) return typed.map(String);
    return [String(typed)];
  }
  void ctx;
  return Promise.all(value.map((v) => render.render(v)));
}

type Renderers = Pick<TaskContext, "render" | "renderTyped" | "renderRecursive">;

/** A relative path confined to the working directory. */
function confined(root: string, name: string, what: string): string {
  const target = path.resolve(root, name);
  if (path.isAbsolute(name) || name.split(/[\\/]/).includes("..") || !target.startsWith(`${root}${path.sep}`)) {
    throw new Error(`${what} '${name}' must be a relative path inside the working directory`);
  }
  return target;
}

async function chownTree(dir: string, uid: number) {
  await fs.chown(dir, uid, uid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    await fs.lchown(path.join(entry.parentPath, entry.name), uid, uid);
  }
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/** A script timer's value (seconds, or an ISO-8601 duration) in milliseconds. */
function timerMillis(value: unknown): number | undefined {
  if (typeof value === "number") return value * 1000;
  if (typeof value !== "string") return undefined;
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}

/** Parses Kestra's `::{"outputs":...,"metrics":...,"logs":...}::` lines; false when the line is plain output. */
function parseCommandLine(ctx: TaskContext<unknown>, line: string, vars: Record<string, unknown>): boolean {
  const match = /^::(\{.*\})::\s*$/.exec(line);
  if (!match) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(match[1]);
  } catch {
    return false;
  }
  if (!parsed || typeof parsed !== "object") return false;
  const message = parsed as { outputs?: unknown; metrics?: unknown; logs?: unknown };
  if (message.outputs && typeof message.outputs === "object" && !Array.isArray(message.outputs)) Object.assign(vars, message.outputs);
  if (Array.isArray(message.metrics)) {
    for (const metric of message.metrics as { name?: unknown; type?: unknown; value?: unknown; tags?: unknown }[]) {
      if (typeof metric?.name !== "string") continue;
      const tags = metric.tags && typeof metric.tags === "object" && !Array.isArray(metric.tags) ? (metric.tags as Record<string, unknown>) : {};
      // Kestra's script metrics: a counter's value is a number; a timer's is seconds (a number or an ISO duration).
      if (String(metric.type ?? "counter").toLowerCase() === "timer") {
        const ms = timerMillis(metric.value);
        if (ms !== undefined) ctx.metrics.timer(metric.name, ms, tags);
      } else if (typeof metric.value === "number") ctx.metrics.counter(metric.name, metric.value, tags);
    }
  }
  if (Array.isArray(message.logs)) {
    for (const entry of message.logs as { level?: unknown; message?: unknown }[]) {
      const level = typeof entry?.level === "string" ? entry.level.toUpperCase() : "INFO";
      ctx.logger.log(isLogLevel(level) ? level : "INFO", String(entry?.message ?? ""));
    }
  }
  return true;
}

const STDERR_TAIL = 10;

/**
 * Kestra's `namespaceFiles`: the files of the flow's namespace (or of `namespaces`, each
 * reached by the namespace rule) whose path matches an `include` glob (all when none) and no
 * `exclude` glob, copied into the working directory before the run; `folderPerNamespace` puts
 * each namespace's files in a folder of its name; `ifExists` says what a second file of the
 * same path does (OVERWRITE by default).
 */
async function copyNamespaceFiles(ctx: TaskContext<ScriptTaskProps>, files: NamespaceFiles, workDir: string): Promise<void> {
  const options = ctx.props.namespaceFiles!;
  const globs = async (list: string[] | undefined) => Promise.all((list ?? []).map(async (g) => globToRegExp((await ctx.render(g)).replace(/^\/+/, ""))));
  const include = await globs(options.include);
  const exclude = await globs(options.exclude);
  const namespaces = options.namespaces ? await Promise.all(options.namespaces.map((n) => ctx.render(n))) : [ctx.flow.namespace];
  const written = new Set<string>();
  let count = 0;
  for (const namespace of namespaces) {
    for (const file of await files.list(namespace)) {
      const relative = file.replace(/^\/+/, "");
      if (include.length > 0 && !include.some((r) => r.test(relative))) continue;
      if (exclude.some((r) => r.test(relative))) continue;
      const name = options.folderPerNamespace ? `${namespace}/${relative}` : relative;
      if (written.has(name)) {
        const policy = options.ifExists ?? "OVERWRITE";
        if (policy === "FAIL") throw new Error(`namespaceFiles: ${name} exists in more than one namespace`);
        if (policy === "WARN") ctx.logger.warn(`namespaceFiles: ${name} of ${namespace} replaces a file of the same path`);
        if (policy === "IGNORE") continue;
      }
      const content = await files.read(namespace, file);
      if (content === null) continue;
      const target = confined(workDir, name, "namespaceFiles");
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
      written.add(name);
      count++;
    }
  }
  ctx.logger.debug(`namespaceFiles: ${count} file(s) copied into the working directory`);
}

/** Runs a script task's plan; the outcome Kestra's ScriptOutput has (exitCode, vars, outputFiles). */
export async function runScript(
  ctx: TaskContext<ScriptTaskProps>,
  plan: (render: Renderers, paths: { workingDir: string; outputDir: string }) => Promise<ScriptPlan>,
): Promise<RunOutcome> {
  const { props } = ctx;
  const host = ctx.scripts;
  if (!host) throw new Error("Script tasks run on a worker; this engine cannot run them");
  if (props.namespaceFiles?.enabled && !host.namespaceFiles) {
    throw new Error("namespaceFiles: namespace files are not available to this worker; remove namespaceFiles or set enabled: false");
  }
  const sandboxed = env().SCRIPT_SANDBOX === "on";
  void sweepStaleRuns();
  if (await host.slotsFull()) ctx.logger.info("Waiting for a free script slot");
  const slot = await host.acquireSlot(ctx.signal);
  const tenantRoot = path.join(runsRoot(), host.tenantId);
  const workDir = path.join(tenantRoot, `${ctx.taskRun.id}-${newId(8)}`);
  try {
    await fs.mkdir(tenantRoot, { recursive: true, mode: 0o700 });
    await fs.mkdir(workDir, { mode: 0o700 });
    const insideDir = sandboxed ? SANDBOX_WORKDIR : workDir;
    const outputName = newId(10);
    const paths = { workingDir: insideDir, outputDir: `${insideDir}/${outputName}` };
    await fs.mkdir(path.join(workDir, outputName));
    const render = ctx.withVariables(paths);

    const environment: Record<string, string> = { HOME: sandboxed ? "/tmp" : workDir, LANG: "C.UTF-8", WORKING_DIR: paths.workingDir, OUTPUT_DIR: paths.outputDir };
    for (const [key, value] of Object.entries(props.env ?? {})) environment[key] = await render.render(String(value));

    // Inside a WorkingDirectory the script starts with the directory's files...
    const shared = ctx.workingDirectory;
    const restored = shared ? await restoreShared(shared, workDir) : [];

    const inputs = typeof props.inputFiles === "string" ? await render.renderTyped(props.inputFiles) : await render.renderRecursive(props.inputFiles ?? {});
    if (!inputs || typeof inputs !== "object" || Array.isArray(inputs)) throw new Error("inputFiles must be a map of file name to content");
    for (const [name, raw] of Object.entries(inputs as Record<string, unknown>)) {
      const target = confined(workDir, name, "inputFiles");
      const content = String(raw ?? "");
      let bytes: string | Uint8Array = content;
      if (content.startsWith("kestra:///")) {
        const stored = await ctx.storage.get(content);
        if (stored === null) throw new Error(`inputFiles: the file ${content} does not exist`);
        bytes = stored;
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, bytes);
    }

    if (props.namespaceFiles?.enabled && host.namespaceFiles) await copyNamespaceFiles(ctx, host.namespaceFiles, workDir);

    const planned = await plan(render, paths);
    for (const [name, content] of Object.entries(planned.files ?? {})) await fs.writeFile(confined(workDir, name, "script file"), content);
    const before = await renderList(ctx, render, props.beforeCommands);
    const interpreter = props.interpreter === undefined ? ["/bin/sh", "-c"] : await renderList(ctx, render, props.interpreter);
    const body = [...(props.failFast ? ["set -e"] : []), ...before, ...planned.commands].join("\n");

    const uid = 200_000 + (process.pid % 1000) * 64 + slot;
    if (sandboxed && process.getuid?.() === 0) await chownTree(workDir, uid);

    const vars: Record<string, unknown> = {};
    const stderrTail: string[] = [];
    let wroteStderr = false;
    const result = await runSandboxed({
      argv: [...interpreter, body],
      workDir,
      supportDir: path.join(runsRoot(), ".support"),
      env: environment,
      network: sandboxed ? await host.networkAllowed() : true,
      networkKey: host.tenantId,
      limits: scriptLimits(),
      signal: ctx.signal,
      uid,
      sandboxed,
      onLine: (stream, line) => {
        if (parseCommandLine(ctx, line, vars)) return;
        if (stream === "stdout") return ctx.logger.info(line);
        wroteStderr = true;
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL) stderrTail.shift();
        ctx.logger.error(line);
      },
    });

    const limits = scriptLimits();
    if (result.stopped === "killed") throw new Error("Task killed");
    if (result.stopped === "wall-time") throw new Error(`The script ran longer than the wall-time limit (${limits.wallMs / 1000} s) and was stopped`);
    if (result.stopped === "disk") throw new Error(`The script wrote more than the disk limit (${env().SCRIPT_DISK_MB} MB) and was stopped`);
    if (result.exitCode !== 0) {
      const cause = result.signal === "SIGXCPU" ? ` (CPU time limit of ${limits.cpuSeconds} s)` : result.signal === "SIGXFSZ" ? ` (file size limit)` : "";
      const how = result.signal ? `was stopped by ${result.signal}${cause}` : `failed with exit code ${result.exitCode}`;
      const tail = stderrTail.length ? `\n${stderrTail.join("\n")}` : "";
      throw new Error(`Command ${how}${tail}`);
    }

    // ...and leaves its files there for the next task.
    if (shared) await saveShared(shared, workDir, outputName, restored);
    const outputFiles = await collectOutputFiles(ctx, render, workDir, outputName);
    const outputs: Record<string, unknown> = { exitCode: 0, vars };
    if (Object.keys(outputFiles).length > 0) outputs.outputFiles = outputFiles;
    return { outputs, warning: props.warningOnStdErr && wroteStderr };
  } catch (error) {
    if (error instanceof SandboxUnavailable) throw new Error(error.message);
    throw error;
  } finally {
    await host.releaseSlot(slot);
    await fs.rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Copies a WorkingDirectory's files into the script's directory; their paths. */
async function restoreShared(shared: WorkingDirectory, workDir: string): Promise<string[]> {
  const files = await shared.list();
  for (const file of files) {
    const content = await shared.read(file);
    if (content === null) continue;
    const target = confined(workDir, file, "working directory file");
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content);
  }
  return files;
}

/** Writes the script's files back to its WorkingDirectory (regular files only), and drops the ones it deleted. */
async function saveShared(shared: WorkingDirectory, workDir: string, outputName: string, restored: string[]): Promise<void> {
  const kept = new Set<string>();
  for (const file of await listFiles(workDir)) {
    if (file.startsWith(`${outputName}/`)) continue;
    const stat = await fs.lstat(path.join(workDir, file));
    if (!stat.isFile()) continue; // a symlink could point outside the working directory
    await shared.write(file, await fs.readFile(path.join(workDir, file)));
    kept.add(file);
  }
  for (const file of restored) if (!kept.has(file)) await shared.delete(file);
}

/** Files matching `outputFiles` globs, and every file under outputDir, uploaded to the execution's storage. */
async function collectOutputFiles(ctx: TaskContext<ScriptTaskProps>, render: Renderers, workDir: string, outputName: string): Promise<Record<string, string>> {
  const globs = await renderList(ctx, render, ctx.props.outputFiles);
  const patterns = globs.map((g) => globToRegExp(g.replace(/^\.\//, "")));
  const found = new Map<string, string>();
  for (const file of await listFiles(workDir)) {
    if (file.startsWith(`${outputName}/`)) found.set(file.slice(outputName.length + 1), file);
    else if (patterns.some((p) => p.test(file))) found.set(file, file);
  }
  const uploaded: Record<string, string> = {};
  for (const [name, file] of found) {
    const full = path.join(workDir, file);
    const stat = await fs.lstat(full);
    if (!stat.isFile()) continue; // a symlink could point outside the working directory
    const extension = path.extname(name);
    const base = extension ? name.slice(0, -extension.length) : name;
    uploaded[name] = await ctx.storage.put(await fs.readFile(full), { name: base, extension });
  }
  return uploaded;
}

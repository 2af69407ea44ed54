import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * Runs one script process confined by bubblewrap (`bwrap`):
 *
 * - its own mount namespace: /usr (and the /bin, /lib symlinks) and a few files of /etc
 *   read-only, a fresh /proc and /dev, a private size-capped tmpfs on /tmp, and the run's
 *   working directory at `SANDBOX_WORKDIR`; nothing else of the host (no DATA_DIR, no other
 *   run's directory, no server files);
 * - its own PID namespace (killing bwrap takes the whole tree), IPC, UTS and network
 *   namespace; the network namespace is either empty (network denied) or wired to the
 *   outside by slirp4netns with `--disable-host-loopback`, so 127.0.0.1 inside is the
 *   sandbox's own loopback and the host's loopback services (the database, the app) are
 *   unreachable;
 * - an environment made only of what the caller passes (bwrap itself is started with it,
 *   so even /proc/1/environ inside holds nothing of the server's);
 * - rlimits set by prlimit(1): address space, CPU seconds, processes, file size; a watcher
 *   kills the run when its working directory grows past the disk limit;
 * - an unprivileged uid: under root, bwrap keeps only CAP_SETUID/CAP_SETGID so that
 *   setpriv(1) can switch to the slot's own uid and drop every capability with
 *   no_new_privs; otherwise a user namespace maps the caller's uid.
 *
 * Written over node:child_process only, so it works from any thread.
 */

export const SANDBOX_WORKDIR = "/work";

export type SandboxLimits = {
  memoryBytes: number;
  cpuSeconds: number;
  processes: number;
  diskBytes: number;
  wallMs: number;
};

export type SandboxRequest = {
  /** Program and arguments, resolved inside the sandbox (PATH=/opt/switchyard/bin:/usr/local/bin:/usr/bin:/bin). */
  argv: string[];
  /** Host directory bound read-write at SANDBOX_WORKDIR (at its own path when unsandboxed). */
  workDir: string;
  /** Host directory for files every sandbox shares read-only (resolv.conf, the `python` alias). */
  supportDir: string;
  env: Record<string, string>;
  network: boolean;
  limits: SandboxLimits;
  /** Aborting kills the whole process tree at once. */
  signal: AbortSignal;
  /** Each line of output as it comes. */
  onLine: (stream: "stdout" | "stderr", line: string) => void;
  /** The uid the script runs as when the server is root (one per slot, so process limits do not add up). */
  uid?: number;
  /** false runs the command as a bare process (SCRIPT_SANDBOX=off). */
  sandboxed: boolean;
};

export type SandboxResult = {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the sandbox stopped the run, when it did. */
  stopped?: "killed" | "wall-time" | "disk";
};

export class SandboxUnavailable extends Error {}

const INSTALL_HINT =
  "Script tasks run in a bubblewrap sandbox: install it (Debian/Ubuntu: apt-get install bubblewrap slirp4netns) " +
  "and allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, " +
  "or kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu), or set SCRIPT_SANDBOX=off " +
  "(unsafe when several tenants share this instance: scripts would run with the server's rights).";

type Probe = { ok: true; slirp: boolean } | { ok: false; reason: string };
let probe: Probe | undefined;

/** An environment made only of these variables (ProcessEnv's typing insists on NODE_ENV). */
const only = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** `joinsNetwork`: the process already runs in the network namespace it must use (a warm one). */
function baseArgs(joinsNetwork = false): string[] {
  const args = ["--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid", "--unshare-uts", "--unshare-cgroup-try"];
  if (!joinsNetwork) args.push("--unshare-net");
  if (!isRoot()) args.push("--unshare-user");
  args.push(
    "--ro-bind", "/usr", "/usr",
    "--symlink", "usr/bin", "/bin",
    "--symlink", "usr/sbin", "/sbin",
    "--symlink", "usr/lib", "/lib",
    "--symlink", "usr/lib64", "/lib64",
    // Directories bwrap creates on its own are 0700 under root: readable ones for the script's uid.
    "--perms", "0755", "--dir", "/etc",
    "--perms", "0755", "--dir", "/opt",
    "--perms", "0755", "--dir", "/opt/switchyard",
    "--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
    "--ro-bind-try", "/etc/ssl", "/etc/ssl",
    "--ro-bind-try", "/etc/ca-certificates", "/etc/ca-certificates",
    "--ro-bind-try", "/etc/localtime", "/etc/localtime",
    "--ro-bind-try", "/etc/nsswitch.conf", "/etc/nsswitch.conf",
    "--proc", "/proc",
    "--dev", "/dev",
  );
  return args;
}

/**
 * Checks once per process that bwrap can build a sandbox here (installed, namespaces
 * allowed) and whether slirp4netns is there for sandboxes with network.
 */
export function sandboxProbe(): Probe {
  if (probe) return probe;
  const run = spawnSync("bwrap", [...baseArgs(), "--", "/bin/true"], { env: only({}), timeout: 10_000, encoding: "utf8" });
  if (run.error || run.status !== 0) {
    const why = run.error ? (run.error as NodeJS.ErrnoException).code === "ENOENT" ? "bwrap is not installed" : run.error.message : (run.stderr || `bwrap exited with ${run.status}`).trim();
    probe = { ok: false, reason: `${why}. ${INSTALL_HINT}` };
  } else {
    const slirp = spawnSync("slirp4netns", ["--version"], { env: only({}), timeout: 5000 });
    probe = { ok: true, slirp: !slirp.error && slirp.status === 0 };
  }
  return probe;
}

/** The prlimit(1) prefix that applies the limits to the script and everything it starts. */
function limitArgs(limits: SandboxLimits): string[] {
  return [
    "/usr/bin/prlimit",
    `--as=${limits.memoryBytes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.diskBytes}`,
    "--core=0",
    "--",
  ];
}

function sandboxArgs(request: SandboxRequest, warm: WarmNetwork | undefined): string[] {
  const args = baseArgs(warm !== undefined);
  args.push(
    "--perms", "1777", "--size", String(request.limits.diskBytes), "--tmpfs", "/tmp",
    "--bind", request.workDir, SANDBOX_WORKDIR,
    "--chdir", SANDBOX_WORKDIR,
  );
  args.push("--ro-bind", path.join(request.supportDir, "bin"), "/opt/switchyard/bin");
  if (request.network) args.push("--ro-bind", path.join(request.supportDir, "resolv.conf"), "/etc/resolv.conf");
  if (request.network && !warm) args.push("--info-fd", "3", "--block-fd", "4");
  const command = [...limitArgs(request.limits), ...request.argv];
  if (!isRoot()) return [...args, "--", ...command];
  const uid = String(request.uid ?? 65534);
  args.push("--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID");
  return [
    ...args,
    "--",
    "/usr/bin/setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all",
    ...command,
  ];
}

/** A pipe to a process that was killed errors (ECONNRESET, EPIPE): expected, never a crash. */
function quiet(child: ChildProcess) {
  for (const stream of child.stdio) stream?.on("error", () => {});
}

const prepared = new Set<string>();

/**
 * Files shared by every sandbox: slirp4netns's DNS forwarder as resolv.conf, and a `python`
 * alias of python3 (Kestra's python tasks call `python`; Debian ships only python3).
 */
async function prepareSupportDir(dir: string) {
  if (prepared.has(dir)) return;
  await fs.mkdir(path.join(dir, "bin"), { recursive: true });
  await fs.writeFile(path.join(dir, "resolv.conf"), "nameserver 10.0.2.3\n");
  await fs.symlink("/usr/bin/python3", path.join(dir, "bin", "python")).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "EEXIST") throw error;
  });
  prepared.add(dir);
}

/** Wires the sandbox's network namespace to the outside, never to the host's loopback. */
async function startSlirp(child: ChildProcess): Promise<ChildProcess> {
  const info = child.stdio[3] as NodeJS.ReadableStream;
  const pid = await new Promise<string>((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (match) {
        info.off("data", onData);
        resolve(match[1]);
      }
    };
    info.on("data", onData);
    child.once("exit", () => reject(new Error("The sandbox ended before its network was set up")));
  });
  const args = ["--configure", "--mtu=65520", "--disable-host-loopback", "--ready-fd=3"];
  if (!isRoot()) args.push(`--userns-path=/proc/${pid}/ns/user`);
  const slirp: ChildProcess = spawn("slirp4netns", [...args, pid, "tap0"], { stdio: ["ignore", "ignore", "ignore", "pipe"], env: only({}) });
  quiet(slirp);
  await new Promise<void>((resolve, reject) => {
    (slirp.stdio[3] as NodeJS.ReadableStream).once("data", () => resolve());
    slirp.once("exit", (code: number | null) => reject(new Error(`slirp4netns failed (exit ${code})`)));
    slirp.once("error", reject);
  });
  return slirp;
}

/**
 * A network namespace already wired to the outside by slirp4netns, made ahead of time so
 * that a script with network does not wait for slirp's start (about 10 ms of the
 * sandbox's cost). Each is used by one script run and then destroyed: nothing of one
 * run's network state reaches another's. Only under root, where nsenter may join it;
 * otherwise each sandbox builds its own network as before.
 *
 * The holder is `cat` in a fresh network namespace reading a pipe from this process, and
 * slirp4netns gets an exit pipe as well: both end with this process, however it ends.
 */
type WarmNetwork = { holder: ChildProcess; slirp: ChildProcess; namespace: string };

const WARM_NETWORKS = 2;
const warmPool: WarmNetwork[] = [];
let warming = 0;

function discard(network: WarmNetwork) {
  network.slirp.kill("SIGKILL");
  network.holder.kill("SIGKILL");
}

async function warmNetwork(): Promise<WarmNetwork> {
  const holder = spawn("unshare", ["--net", "--", "/usr/bin/cat"], { stdio: ["pipe", "ignore", "ignore"], env: only({}) });
  quiet(holder);
  const started = await new Promise<boolean>((resolve) => {
    holder.once("spawn", () => resolve(true));
    holder.once("error", () => resolve(false));
  });
  if (!started || holder.pid === undefined) throw new Error("unshare could not start");
  // unshare execs cat once the namespace exists; slirp needs that namespace, not unshare's.
  const namespace = `/proc/${holder.pid}/ns/net`;
  for (let i = 0; i < 200; i++) {
    const [own, its] = await Promise.all([fs.readlink("/proc/self/ns/net").catch(() => ""), fs.readlink(namespace).catch(() => "")]);
    if (its && its !== own) break;
    if (holder.exitCode !== null) throw new Error("the network holder ended");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const slirp: ChildProcess = spawn(
    "slirp4netns",
    ["--configure", "--mtu=65520", "--disable-host-loopback", "--ready-fd=3", "--exit-fd=4", String(holder.pid), "tap0"],
    { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"], env: only({}) },
  );
  quiet(slirp);
  try {
    await new Promise<void>((resolve, reject) => {
      (slirp.stdio[3] as NodeJS.ReadableStream).once("data", () => resolve());
      slirp.once("exit", (code: number | null) => reject(new Error(`slirp4netns failed (exit ${code})`)));
      slirp.once("error", reject);
    });
  } catch (error) {
    holder.kill("SIGKILL");
    throw error;
  }
  const network = { holder, slirp, namespace };
  // Waiting in the pool must not keep a process (a test, a thread) alive.
  for (const process of [holder, slirp]) {
    process.unref();
    for (const stream of process.stdio) (stream as { unref?: () => void } | null)?.unref?.();
  }
  // A holder or slirp that ends by itself leaves the pool.
  const drop = () => {
    const at = warmPool.indexOf(network);
    if (at >= 0) warmPool.splice(at, 1);
  };
  holder.once("exit", drop);
  slirp.once("exit", drop);
  return network;
}

function refillWarmPool() {
  while (warmPool.length + warming < WARM_NETWORKS) {
    warming++;
    warmNetwork()
      .then((network) => warmPool.push(network), () => {})
      .finally(() => warming--);
  }
}

/** A warm network for one run (made now if none is ready), the pool refilled behind it. */
async function takeWarmNetwork(): Promise<WarmNetwork> {
  const ready = warmPool.shift();
  refillWarmPool();
  return ready ?? (await warmNetwork());
}

/** Whether runs wait for no slirp start: root (nsenter may join) with nsenter present. */
function usesWarmNetworks(): boolean {
  if (!isRoot()) return false;
  usesWarm ??= (() => {
    const check = spawnSync("nsenter", ["--version"], { env: only({}), timeout: 5000 });
    return !check.error && check.status === 0;
  })();
  return usesWarm;
}
let usesWarm: boolean | undefined;

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const stat = await fs.lstat(path.join(entry.parentPath, entry.name)).catch(() => null);
    total += stat?.blocks ? stat.blocks * 512 : (stat?.size ?? 0);
  }
  return total;
}

/**
 * Runs the request to its end. Resolves with the exit code (or the signal), never rejects
 * for the script's own failure; rejects with SandboxUnavailable when no sandbox can be built.
 */
export async function runSandboxed(request: SandboxRequest): Promise<SandboxResult> {
  if (request.signal.aborted) return { exitCode: null, signal: null, stopped: "killed" };
  let child: ChildProcess;
  let warm: WarmNetwork | undefined;
  if (request.sandboxed) {
    const found = sandboxProbe();
    if (!found.ok) throw new SandboxUnavailable(found.reason);
    if (request.network && !found.slirp) {
      throw new SandboxUnavailable("Script network access needs slirp4netns (apt-get install slirp4netns); or deny this tenant's scripts the network.");
    }
    await prepareSupportDir(request.supportDir);
    if (request.network && usesWarmNetworks()) {
      try {
        warm = await takeWarmNetwork();
      } catch (error) {
        throw new SandboxUnavailable(`Could not give the script its network: ${(error as Error).message}`);
      }
    }
    const slirpLater = request.network && !warm;
    // nsenter joins the warm namespace and execs bwrap: the child is bwrap itself.
    const [program, ...args] = warm ? ["nsenter", `--net=${warm.namespace}`, "--", "bwrap", ...sandboxArgs(request, warm)] : ["bwrap", ...sandboxArgs(request, warm)];
    child = spawn(program, args, {
      env: only({ PATH: "/opt/switchyard/bin:/usr/local/bin:/usr/bin:/bin", ...request.env }),
      stdio: ["ignore", "pipe", "pipe", slirpLater ? "pipe" : "ignore", slirpLater ? "pipe" : "ignore"],
    });
    quiet(child);
  } else {
    const [program, ...args] = request.argv;
    child = spawn(program, args, { cwd: request.workDir, env: only({ PATH: process.env.PATH ?? "/usr/bin:/bin", ...request.env }), stdio: ["ignore", "pipe", "pipe"], detached: true });
    quiet(child);
  }

  let stopped: SandboxResult["stopped"];
  const stop = (why: NonNullable<SandboxResult["stopped"]>) => {
    stopped ??= why;
    // bwrap is the PID namespace's parent: SIGKILL to it takes the whole tree. Unsandboxed,
    // the command leads its own process group.
    try {
      if (request.sandboxed || child.pid === undefined) child.kill("SIGKILL");
      else process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const onAbort = () => stop("killed");
  request.signal.addEventListener("abort", onAbort, { once: true });
  const wall = setTimeout(() => stop("wall-time"), request.limits.wallMs);
  const disk = setInterval(() => {
    directorySize(request.workDir).then((size) => {
      if (size > request.limits.diskBytes) stop("disk");
    }, () => {});
  }, 500);

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  const lines = (stream: "stdout" | "stderr") => {
    const source = child[stream];
    if (!source) return Promise.resolve();
    const reader = createInterface({ input: source, crlfDelay: Infinity });
    reader.on("line", (line) => request.onLine(stream, line));
    return new Promise<void>((resolve) => reader.once("close", resolve));
  };
  const reading = Promise.all([lines("stdout"), lines("stderr")]);

  let slirp: ChildProcess | undefined;
  try {
    if (request.sandboxed && request.network && !warm) {
      try {
        slirp = await startSlirp(child);
        (child.stdio[4] as NodeJS.WritableStream).end("1");
      } catch (error) {
        stop("killed");
        await exited.catch(() => {});
        throw new SandboxUnavailable(`Could not give the script its network: ${(error as Error).message}`);
      }
    }
    const { code, signal } = await exited;
    await reading;
    return { exitCode: code, signal, ...(stopped ? { stopped } : {}) };
  } catch (error) {
    if (error instanceof SandboxUnavailable) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new SandboxUnavailable(request.sandboxed ? `bwrap is not installed. ${INSTALL_HINT}` : `Command not found: ${request.argv[0]}`);
    throw error;
  } finally {
    slirp?.kill("SIGKILL");
    if (warm) discard(warm);
    clearTimeout(wall);
    clearInterval(disk);
    request.signal.removeEventListener("abort", onAbort);
  }
}

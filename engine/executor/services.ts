import { createHash } from "node:crypto";
import type { LogEntry } from "./types";

/**
 * The I/O a task may use, injected by the shell for one execution of one tenant. The pure
 * executor never calls these; tasks run by the shell (worker or in-memory engine) do.
 */

export type KvEntry = {
  value: unknown;
  /** STRING, NUMBER, BOOLEAN, DATETIME, DATE, DURATION or JSON. */
  type?: string;
  description?: string;
  expirationDate?: string | null;
};

/** The tenant's key-value store. Namespaces are explicit: a task may address a parent namespace. */
export type KvService = {
  get(namespace: string, key: string): Promise<KvEntry | null>;
  set(
    namespace: string,
    key: string,
    value: unknown,
    options?: { ttlMs?: number; overwrite?: boolean; type?: string; description?: string },
  ): Promise<void>;
  /** true when the key existed */
  delete(namespace: string, key: string): Promise<boolean>;
  /** Live keys of a namespace, sorted, optionally only those starting with `prefix`. */
  keys(namespace: string, prefix?: string): Promise<string[]>;
};

/** Internal storage of the current execution: put returns a `kestra:///...` URI under it. */
export type StorageService = {
  put(content: string | Uint8Array, options?: { extension?: string; name?: string }): Promise<string>;
  /** Reads a file of the execution; null when there is none. */
  get(uri: string): Promise<Uint8Array | null>;
  /** Size in bytes; null when there is no such file. */
  size(uri: string): Promise<number | null>;
  /** true when the file existed. */
  delete(uri: string): Promise<boolean>;
  /** Every file of the execution, as URIs. */
  list(): Promise<string[]>;
};

export type HttpRequest = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** An HTTP proxy to go through (Kestra's `options.proxy`); it must pass the network policy itself. */
  proxy?: HttpProxy;
};

export type HttpProxy = { host: string; port: number; username?: string; password?: string };

export type HttpResponse = {
  status: number;
  headers: Record<string, string | string[]>;
  body: string;
};

/** fetch-like and injected, so that the shell decides what a task may reach. */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * A tenant's namespace files as a flow of one namespace sees them (Kestra's namespace files):
 * paths from the namespace root (`/queries/q.sql`); another namespace only where the reach
 * rule allows it (engine/namespaces/reach.ts).
 */
export type NamespaceFiles = {
  /** Paths of every file of the namespace, sorted. */
  list(namespace: string): Promise<string[]>;
  read(namespace: string, path: string): Promise<Uint8Array | null>;
  /** Writes a file unless it exists and `conflict` says otherwise; whether it was written. */
  write(namespace: string, path: string, content: Uint8Array | string, conflict?: "OVERWRITE" | "ERROR" | "SKIP"): Promise<boolean>;
  delete(namespace: string, path: string): Promise<boolean>;
};

/** What script tasks need from the shell beyond storage: who runs them and what they may reach. */
export type ScriptHost = {
  tenantId: string;
  /** The tenant's superadmin setting `scriptNetwork` (default true: the outside, never the instance's loopback). */
  networkAllowed(): Promise<boolean>;
  /** Whether the tenant's or the process's script slots are all taken (the script will wait). */
  slotsFull(): Promise<boolean>;
  /** Waits for a script slot of this process (per tenant and in all); its number. */
  acquireSlot(signal?: AbortSignal): Promise<number>;
  releaseSlot(number: number): Promise<void>;
  namespaceFiles?: NamespaceFiles;
};

/** Executions of the tenant a task may count (execution.Count). */
export type ExecutionCountQuery = {
  flows?: { namespace: string; flowId: string }[];
  namespaces?: string[];
  states?: string[];
  /** ISO date-times: executions started in [startDate, endDate]. */
  startDate: string;
  endDate: string;
};

/** Executions of one namespace (and its children) or of one flow, or one execution, started in a window. */
export type ExecutionScope = {
  /** A namespace prefix when flowId is absent, else the flow's namespace; absent: every namespace the flow reaches. */
  namespace?: string;
  flowId?: string;
  executionId?: string;
  /** ISO date-times (logs: the line's time; executions: their start). */
  startDate?: string;
  endDate: string;
};

export type PurgeCounts = { executionsCount: number; logsCount: number; storagesCount: number; metricsCount: number };

/**
 * The running execution's tenant seen from its flow (execution and log tasks): every
 * namespace named is checked against the namespace rule (engine/namespaces/reach.ts), and
 * nothing here can name another tenant.
 */
export type ExecutionsService = {
  /** Counts per flow (listed flows, zeros included) and per listed namespace (flowId null). */
  counts(query: ExecutionCountQuery): Promise<{ namespace: string; flowId: string | null; count: number }[]>;
  /** Log lines of an execution at or above `minLevel`, of the given tasks only when listed; null when there is no such execution. */
  logs(query: { executionId: string; minLevel: string; taskIds?: string[] }): Promise<LogEntry[] | null>;
  /** Deletes log lines; how many. */
  purgeLogs(query: ExecutionScope & { levels?: string[] }): Promise<number>;
  /** Deletes ended executions (and their logs, metrics, files as asked). */
  purge(query: ExecutionScope & { states?: string[]; execution: boolean; log: boolean; metric: boolean; storage: boolean }): Promise<PurgeCounts>;
  /** Resumes a PAUSED execution; its identity. */
  resume(query: { executionId: string; inputs?: Record<string, unknown> }): Promise<{ id: string; namespace: string; flowId: string }>;
  /** An execution's identity and state; null when there is none. */
  find(executionId: string): Promise<{ id: string; namespace: string; flowId: string; state: string; parentId: string | null } | null>;
  /**
   * Enables or disables a trigger's state (trigger.Toggle), as the API's disable does; throws
   * a clear error when the flow or its trigger does not exist.
   */
  toggleTrigger(query: { namespace: string; flowId: string; triggerId: string; enabled: boolean }): Promise<void>;
};

/**
 * The files of the execution's WorkingDirectory runs (flow.WorkingDirectory): one directory
 * per WorkingDirectory task run (`dirId`), kept in the execution's internal storage so that
 * its tasks, run one after the other on any worker, share it. Paths are relative and
 * confined to the directory.
 */
export type WorkingDirectories = {
  /** Relative paths of the directory's files, sorted. */
  list(dirId: string): Promise<string[]>;
  read(dirId: string, path: string): Promise<Uint8Array | null>;
  write(dirId: string, path: string, content: string | Uint8Array): Promise<void>;
  delete(dirId: string, path: string): Promise<boolean>;
  /** true the first time only: the caller (the directory's first task) seeds it. */
  claim(dirId: string): Promise<boolean>;
  /**
   * The flow's WorkingDirectory caches (`cache`): one entry per WorkingDirectory task id (and
   * loop value, `objectId`), kept across the executions of this flow, in this tenant's
   * internal storage under the flow's namespace and id (never shared with another flow or tenant).
   */
  readCache(cacheId: string, objectId: string | null): Promise<Uint8Array | null>;
  writeCache(cacheId: string, objectId: string | null, content: string): Promise<void>;
  deleteCache(cacheId: string, objectId: string | null): Promise<boolean>;
};

/** Where a flow's WorkingDirectory cache entry lives below the tenant: `{namespace path}/{flow}/working-directory.cache/{task id}/{object}/cache.json`. */
export function workingDirectoryCacheKey(flow: { namespace: string; flowId: string }, cacheId: string, objectId: string | null): string {
  // A task id has no dot, so the `working-directory.cache` folder never meets an execution's or a task's.
  // A loop value of any length, named by its hash (two values sharing a long prefix never share an entry).
  const object = objectId === null ? "default" : `v-${createHash("sha256").update(objectId).digest("hex")}`;
  return `${flow.namespace.replace(/\./g, "/")}/${flow.flowId}/working-directory.cache/${cacheId}/${object}/cache.json`;
}

export type TaskServices = {
  executions?: ExecutionsService;
  workingDirectories?: WorkingDirectories;
  kv: KvService;
  storage: StorageService;
  http: HttpClient;
  scripts?: ScriptHost;
  namespaceFiles?: NamespaceFiles;
};

function unavailable(what: string): never {
  throw new Error(`${what} is not available to this task`);
}

/** Services that refuse every call: for tasks the executor runs itself, which need no I/O. */
export const NO_SERVICES: TaskServices = {
  kv: {
    get: async () => unavailable("The KV store"),
    set: async () => unavailable("The KV store"),
    delete: async () => unavailable("The KV store"),
    keys: async () => unavailable("The KV store"),
  },
  storage: {
    put: async () => unavailable("Internal storage"),
    get: async () => unavailable("Internal storage"),
    size: async () => unavailable("Internal storage"),
    delete: async () => unavailable("Internal storage"),
    list: async () => unavailable("Internal storage"),
  },
  http: async () => unavailable("HTTP"),
};

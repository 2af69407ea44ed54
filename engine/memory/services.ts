import type { InjectedFunction, TemplateFunctions } from "@/engine/template";
import { workingDirectoryCacheKey, type HttpClient, type KvEntry, type KvService, type StorageService, type WorkingDirectories } from "@/engine/executor/services";
import { workingPath } from "@/engine/storage/working-paths";
import type { Execution, LogEntry } from "@/engine/executor/types";

/**
 * In-memory stand-ins for the services a shell injects: a KV store with expiry on the
 * engine's clock, internal storage as a map of `kestra:///` URIs, and the template functions
 * (kv, secret, read, errorLogs) bound to one execution.
 */
export class MemoryKv implements KvService {
  private readonly entries = new Map<string, KvEntry & { expiresAt?: number }>();
  constructor(private readonly now: () => number) {}

  private key(namespace: string, key: string) {
    return `${namespace}\u0000${key}`;
  }

  async get(namespace: string, key: string): Promise<KvEntry | null> {
    const entry = this.entries.get(this.key(namespace, key));
    if (!entry) return null;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(this.key(namespace, key));
      return null;
    }
    return entry;
  }

  async set(namespace: string, key: string, value: unknown, options: { ttlMs?: number; type?: string; description?: string } = {}) {
    const expiresAt = options.ttlMs === undefined ? undefined : this.now() + options.ttlMs;
    this.entries.set(this.key(namespace, key), {
      value: structuredClone(value),
      type: options.type,
      description: options.description,
      expirationDate: expiresAt === undefined ? null : new Date(expiresAt).toISOString(),
      expiresAt,
    });
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    return this.entries.delete(this.key(namespace, key));
  }

  async keys(namespace: string, prefix = ""): Promise<string[]> {
    const keys: string[] = [];
    for (const stored of [...this.entries.keys()]) {
      const [ns, key] = stored.split("\u0000");
      if (ns === namespace && key.startsWith(prefix) && (await this.get(ns, key)) !== null) keys.push(key);
    }
    return keys.sort();
  }

  clear(namespace?: string): void {
    for (const key of [...this.entries.keys()]) if (namespace === undefined || key.startsWith(`${namespace}\u0000`)) this.entries.delete(key);
  }
}

export class MemoryStorage {
  readonly files = new Map<string, Uint8Array>();

  /** Storage scoped to one task run, under `namespace/flow/executions/{id}/tasks/{task}/{run}/`. */
  forTaskRun(execution: Execution, taskId: string, taskRunId: string, ids: () => string): StorageService {
    const root = `kestra:///${execution.namespace.replaceAll(".", "/")}/${execution.flowId}/executions/${execution.id}`;
    const base = `${root}/tasks/${taskId}/${taskRunId}`;
    const mine = (uri: string) => uri.startsWith(`${root}/`);
    return {
      put: async (content, options = {}) => {
        const extension = options.extension ?? "";
        const uri = `${base}/${options.name ?? ids()}${extension.startsWith(".") || extension === "" ? extension : `.${extension}`}`;
        this.files.set(uri, typeof content === "string" ? new TextEncoder().encode(content) : content);
        return uri;
      },
      get: async (uri) => this.files.get(uri) ?? null,
      size: async (uri) => this.files.get(uri)?.byteLength ?? null,
      delete: async (uri) => mine(uri) && this.files.delete(uri),
      list: async () => [...this.files.keys()].filter(mine).sort(),
    };
  }

  /** The execution's WorkingDirectory files, under its prefix as on the real engine. */
  workingDirectories(execution: Execution): WorkingDirectories {
    const root = (dirId: string) => `kestra:///${execution.namespace.replaceAll(".", "/")}/${execution.flowId}/executions/${execution.id}/working-directories/${dirId}`;
    const key = (dirId: string, raw: string) => `${root(dirId)}/files/${workingPath(raw)}`;
    const cacheKey = (cacheId: string, objectId: string | null) => `kestra:///${workingDirectoryCacheKey(execution, cacheId, objectId)}`;
    return {
      list: async (dirId) => {
        const prefix = `${root(dirId)}/files/`;
        return [...this.files.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
      },
      read: async (dirId, raw) => this.files.get(key(dirId, raw)) ?? null,
      write: async (dirId, raw, content) => void this.files.set(key(dirId, raw), typeof content === "string" ? new TextEncoder().encode(content) : content),
      delete: async (dirId, raw) => this.files.delete(key(dirId, raw)),
      claim: async (dirId) => {
        if (this.claimed.has(root(dirId))) return false;
        this.claimed.add(root(dirId));
        return true;
      },
      readCache: async (cacheId, objectId) => this.files.get(cacheKey(cacheId, objectId)) ?? null,
      writeCache: async (cacheId, objectId, content) => void this.files.set(cacheKey(cacheId, objectId), new TextEncoder().encode(content)),
      deleteCache: async (cacheId, objectId) => this.files.delete(cacheKey(cacheId, objectId)),
    };
  }

  private readonly claimed = new Set<string>();

  text(uri: string): string | null {
    const bytes = this.files.get(uri);
    return bytes ? new TextDecoder().decode(bytes) : null;
  }
}

/** No network from tests unless a client is given. */
export const refuseHttp: HttpClient = async (request) => {
  throw new Error(`HTTP is disabled in this engine (request to ${request.url})`);
};

export type FunctionSources = {
  execution: () => Execution;
  kv: KvService;
  storage: MemoryStorage;
  logs: () => LogEntry[];
  secrets?: Record<string, string>;
};

/** The template functions that need I/O, for one execution. */
export function memoryFunctions(sources: FunctionSources): TemplateFunctions {
  const kv: InjectedFunction = async (args) => {
    const namespace = typeof args.namespace === "string" ? args.namespace : sources.execution().namespace;
    const key = String(args.key);
    const entry = await sources.kv.get(namespace, key);
    if (entry === null) {
      if (args.errorOnMissing === true) throw new Error(`The key '${key}' does not exist in the namespace '${namespace}'.`);
      return null;
    }
    return entry.value;
  };
  const secret: InjectedFunction = (args) => {
    const value = sources.secrets?.[String(args.key)];
    if (value === undefined) throw new Error(`Cannot find secret for key '${String(args.key)}'.`);
    return value;
  };
  const read: InjectedFunction = (args) => {
    const text = sources.storage.text(String(args.path));
    if (text === null) throw new Error(`Unable to read the file '${String(args.path)}'`);
    return text;
  };
  const errorLogs: InjectedFunction = () =>
    sources
      .logs()
      .filter((l) => l.executionId === sources.execution().id && l.level === "ERROR")
      .map((l) => ({ ...l }));
  return { kv, secret, read, errorLogs };
}

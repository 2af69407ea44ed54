import { withInstance, withTenant } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";
import { deleteKv, getKv, listKvKeys, setKv } from "@/db/queries/kv";
import { findExecutionLogs } from "@/db/queries/logs";
import type { InjectedFunction, TemplateFunctions } from "@/engine/template";
import type { Execution, HttpClient, KvService, LogEntry, ScriptHost, StorageService, TaskServices } from "@/engine/executor";
import { executionPrefix, getStorage, keyToUri, safeKey, uriToKey, type Storage } from "@/engine/storage/storage";
import { newId } from "@/lib/ids";
import { tenantSlots } from "@/engine/tasks/scripts/slots";
import { assertReach } from "@/engine/namespaces/reach";
import { pathText, unstorable } from "@/engine/executor/storable";
import { guardedHttp } from "@/engine/net/http";
import { tenantNetworkPolicy } from "@/engine/net/tenant-policy";

/**
 * The services tasks and templates use, bound to one tenant and one execution: the KV
 * store through withTenant (RLS confines it), internal storage under the execution's own
 * prefix, and HTTP. Nothing here can name another tenant.
 */

/**
 * The tenant's KV store; with `from` (the running flow's namespace), every namespace it
 * names is checked against the namespace rule first (engine/namespaces/reach.ts).
 */
function tenantKv(tenantId: string, from?: string): KvService {
  const reach = (namespace: string) => (from === undefined ? undefined : assertReach(tenantId, from, namespace, "KV"));
  return {
    async get(namespace, key) {
      await reach(namespace);
      const row = await withTenant({ tenantId }, (tx) => getKv(tx, { namespace, key }));
      if (!row) return null;
      return { value: row.value, description: row.description ?? undefined, expirationDate: row.expiresAt?.toISOString() ?? null };
    },
    async set(namespace, key, value, options = {}) {
      await reach(namespace);
      const bad = unstorable(value ?? null);
      if (bad) throw new Error(`The value of KV key '${key}' cannot be stored: ${pathText("value", bad.path)} ${bad.reason}`);
      await withTenant({ tenantId }, (tx) =>
        setKv(tx, { tenantId, namespace, key, value: value ?? null, ttlSeconds: options.ttlMs ? options.ttlMs / 1000 : null, description: options.description }),
      );
    },
    async delete(namespace, key) {
      await reach(namespace);
      return withTenant({ tenantId }, (tx) => deleteKv(tx, { namespace, key }));
    },
    async keys(namespace, prefix) {
      await reach(namespace);
      return withTenant({ tenantId }, (tx) => listKvKeys(tx, { namespace, prefix }));
    },
  };
}

/** Files of one execution: reads are confined to the execution's prefix in its tenant. */
export function executionFiles(tenantId: string, execution: Pick<Execution, "namespace" | "flowId" | "id">, storage: Storage = getStorage()) {
  const prefix = executionPrefix(execution);
  const confined = (uri: string) => {
    const key = uriToKey(uri);
    if (key !== prefix && !key.startsWith(`${prefix}/`)) throw new Error(`The file ${uri} does not belong to execution ${execution.id}`);
    return key;
  };
  return {
    prefix,
    async read(uri: string) {
      return storage.get(tenantId, confined(uri));
    },
    async size(uri: string) {
      return storage.size(tenantId, confined(uri));
    },
    forTaskRun(taskId: string, taskRunId: string): StorageService {
      const base = `${prefix}/tasks/${safeKey(taskId)}/${safeKey(taskRunId)}`;
      return {
        async put(content, options = {}) {
          const extension = options.extension ? (options.extension.startsWith(".") ? options.extension : `.${options.extension}`) : "";
          const key = `${base}/${safeKey(options.name ?? newId())}${extension}`;
          await storage.put(tenantId, key, typeof content === "string" ? content : Buffer.from(content));
          return keyToUri(key);
        },
        async get(uri) {
          return storage.get(tenantId, confined(uri));
        },
        async size(uri) {
          return storage.size(tenantId, confined(uri));
        },
        async delete(uri) {
          return storage.delete(tenantId, confined(uri));
        },
        async list() {
          return (await storage.list(tenantId, prefix)).map(keyToUri);
        },
      };
    },
  };
}

/** HTTP for http.Request: only to addresses the tenant's network policy allows, every redirect hop checked. */
function tenantHttp(tenantId: string): HttpClient {
  return guardedHttp(() => tenantNetworkPolicy(tenantId));
}

const SETTINGS_TTL_MS = 5000;
const networkCache = new Map<string, { allowed: boolean; at: number }>();

/**
 * Script tasks' view of their tenant. `scriptNetwork` is read from the tenant's settings at
 * most every few seconds, so a superadmin's change applies to scripts started after it.
 */
export function scriptHost(tenantId: string): ScriptHost {
  return {
    tenantId,
    ...tenantSlots(tenantId),
    async networkAllowed() {
      const cached = networkCache.get(tenantId);
      if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.allowed;
      const tenant = await withInstance((tx) => getTenant(tx, { id: tenantId }));
      const allowed = tenant?.settings?.scriptNetwork !== false;
      networkCache.set(tenantId, { allowed, at: Date.now() });
      return allowed;
    },
  };
}

export function taskServices(tenantId: string, execution: Execution, taskId: string, taskRunId: string): TaskServices {
  return {
    kv: tenantKv(tenantId, execution.namespace),
    storage: executionFiles(tenantId, execution).forTaskRun(taskId, taskRunId),
    http: tenantHttp(tenantId),
    scripts: scriptHost(tenantId),
  };
}

/** The template functions with I/O (kv, secret, read, errorLogs), scoped to the tenant and execution. */
export function templateFunctions(tenantId: string, execution: () => Execution, pendingLogs: () => LogEntry[] = () => []): TemplateFunctions {
  const kvService: KvService = {
    get: (namespace, key) => tenantKv(tenantId, execution().namespace).get(namespace, key),
    set: (namespace, key, value, options) => tenantKv(tenantId, execution().namespace).set(namespace, key, value, options),
    delete: (namespace, key) => tenantKv(tenantId, execution().namespace).delete(namespace, key),
    keys: (namespace, prefix) => tenantKv(tenantId, execution().namespace).keys(namespace, prefix),
  };
  const kv: InjectedFunction = async (args) => {
    const namespace = typeof args.namespace === "string" ? args.namespace : execution().namespace;
    const key = String(args.key);
    const entry = await kvService.get(namespace, key);
    if (entry === null) {
      if (args.errorOnMissing === true) throw new Error(`The key '${key}' does not exist in the namespace '${namespace}'.`);
      return null;
    }
    return entry.value as never;
  };
  const secret: InjectedFunction = async (args) => {
    // Secrets do not exist yet; when they do, another namespace's are reached only by the rule.
    if (typeof args.namespace === "string") await assertReach(tenantId, execution().namespace, args.namespace, "secret");
    throw new Error(`Cannot find secret for key '${String(args.key)}'.`);
  };
  const read: InjectedFunction = async (args) => {
    const bytes = await executionFiles(tenantId, execution()).read(String(args.path));
    if (bytes === null) throw new Error(`Unable to read the file '${String(args.path)}'`);
    return bytes.toString("utf8");
  };
  const errorLogs: InjectedFunction = async () => {
    const rows = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: execution().id, minLevel: "ERROR" }));
    // Lines of this pass are not written yet: they count too.
    const pending = pendingLogs().filter((l) => l.executionId === execution().id && l.level === "ERROR");
    const stored = rows.map((l) => ({
      namespace: l.namespace,
      flowId: l.flowId,
      taskId: l.taskId,
      executionId: l.executionId,
      taskRunId: l.taskRunId,
      timestamp: l.timestamp.toISOString(),
      level: l.level,
      message: l.message,
    }));
    return [...stored, ...pending.map((l) => ({ ...l }))];
  };
  return { kv, secret, read, errorLogs };
}

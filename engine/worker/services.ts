import { withTenant } from "@/db/tenant";
import { deleteKv, getKv, listKvKeys, setKv } from "@/db/queries/kv";
import { findExecutionLogs, logEntryOf } from "@/db/queries/logs";
import type { InjectedFunction, TemplateFunctions } from "@/engine/template";
import type { Execution, ExecutionsService, WorkingDirectories, HttpClient, KvService, LogEntry, NamespaceFiles, ScriptHost, StorageService, TaskServices } from "@/engine/executor";
import { workingDirectoryCacheKey } from "@/engine/executor/services";
import { executionPrefix, getStorage, keyToUri, safeKey, uriToKey, type Storage } from "@/engine/storage/storage";
import { newId } from "@/lib/ids";
import { tenantSlots } from "@/engine/tasks/scripts/slots";
import { assertReach, canReach } from "@/engine/namespaces/reach";
import { countExecutionsByFlow, executionNamespaces, findPurgeable, purgeExecutionRecords, purgeLogLines } from "@/db/queries/execution-tasks";
import { getExecution, saveExecution } from "@/db/queries/executions";
import { getFlow, getFlowRevision } from "@/db/queries/flows";
import { getTrigger, setTriggerDisabled } from "@/db/queries/triggers";
import { recordAudit } from "@/db/queries/access";
import { enqueueWork } from "@/db/queries/work";
import { resume } from "@/engine/executor/mark-as";
import { checkResumeInputs } from "@/lib/server/executions/resume-inputs";
import { signalExecution, signalWork } from "./wakeup";
import { fireStateTriggers } from "./triggers";
import { isTerminated } from "@/engine/executor/state";
import type { StateType } from "@/engine/executor/types";
import { resolveSecret } from "@/lib/secrets/crypto-store";
import { normalizePath } from "@/lib/namespace-files/paths";
import { workingPath } from "@/engine/storage/working-paths";
import { readNamespaceFile, storeNamespaceFile } from "@/lib/namespace-files/store";
import { storageKeyOf } from "@/lib/namespace-files/paths";
import { deleteNamespaceFiles, getNamespaceFile, listNamespaceFiles } from "@/db/queries/namespace-files";
import { pathText, unstorable } from "@/engine/executor/storable";
import { guardedHttp } from "@/engine/net/http";
import { tenantNetworkPolicy, tenantSettings } from "@/engine/net/tenant-policy";

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

/**
 * The execution that started this one (Subflow, ForEachItem, Flow trigger), from its trigger
 * variables: as in Kestra, a task may read that execution's files too (ForEachItem's batches).
 */
function parentOf(execution: Partial<Pick<Execution, "trigger">>): { namespace: string; flowId: string; id: string } | null {
  const v = execution.trigger?.variables;
  if (!v || typeof v.executionId !== "string" || typeof v.namespace !== "string" || typeof v.flowId !== "string") return null;
  return { namespace: v.namespace, flowId: v.flowId, id: v.executionId };
}

/**
 * Files of one execution: reads are confined to the execution's prefix in its tenant (and,
 * with `readParent`, for a running task, to its parent execution's prefix as well).
 */
export function executionFiles(
  tenantId: string,
  execution: Pick<Execution, "namespace" | "flowId" | "id"> & Partial<Pick<Execution, "trigger">>,
  storage: Storage = getStorage(),
  options: { readParent?: boolean } = {},
) {
  const prefix = executionPrefix(execution);
  const parent = options.readParent ? parentOf(execution) : null;
  const parentPrefix = parent ? executionPrefix(parent) : null;
  const under = (key: string, root: string) => key === root || key.startsWith(`${root}/`);
  const confined = (uri: string, readOnly = false) => {
    const key = uriToKey(uri);
    if (under(key, prefix) || (readOnly && parentPrefix !== null && under(key, parentPrefix))) return key;
    throw new Error(`The file ${uri} does not belong to execution ${execution.id}`);
  };
  return {
    prefix,
    async read(uri: string) {
      return storage.get(tenantId, confined(uri, true));
    },
    async size(uri: string) {
      return storage.size(tenantId, confined(uri, true));
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
          return storage.get(tenantId, confined(uri, true));
        },
        async size(uri) {
          return storage.size(tenantId, confined(uri, true));
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

/**
 * Script tasks' view of their tenant. `scriptNetwork` comes from the tenant's settings as the
 * engine caches them for a few seconds (engine/net/tenant-policy.ts), so a superadmin's change
 * applies to scripts started after it (at once in the process that made it).
 */
export function scriptHost(tenantId: string): ScriptHost {
  return {
    tenantId,
    ...tenantSlots(tenantId),
    async networkAllowed() {
      return (await tenantSettings(tenantId)).scriptNetwork !== false;
    },
  };
}

/**
 * The tenant's namespace files seen from a flow of namespace `from`: another namespace only
 * through the reach rule. Writes go to the same index and storage as the API's, without an
 * audit entry (a flow's work, like the KV tasks').
 */
export function tenantNamespaceFiles(tenantId: string, from: string): NamespaceFiles {
  const reach = (namespace: string) => (namespace === from ? undefined : assertReach(tenantId, from, namespace, "namespace file"));
  const pathOf = (raw: string) => {
    try {
      return normalizePath(raw);
    } catch (error) {
      throw new Error(`Invalid namespace file path '${raw}': it ${(error as Error).message}`);
    }
  };
  return {
    async list(namespace) {
      await reach(namespace);
      const rows = await withTenant({ tenantId }, (tx) => listNamespaceFiles(tx, { namespace }));
      return rows.filter((r) => r.type === "File").map((r) => r.path);
    },
    async read(namespace, path) {
      await reach(namespace);
      return readNamespaceFile(tenantId, namespace, pathOf(path));
    },
    async write(namespace, raw, content, conflict = "OVERWRITE") {
      await reach(namespace);
      const path = pathOf(raw);
      return withTenant({ tenantId }, async (tx) => {
        if (conflict !== "OVERWRITE" && (await getNamespaceFile(tx, { namespace, path }))) {
          if (conflict === "ERROR") throw new Error(`The namespace file ${path} already exists in '${namespace}'`);
          return false;
        }
        await storeNamespaceFile(tx, tenantId, namespace, path, Buffer.from(typeof content === "string" ? Buffer.from(content) : content));
        return true;
      });
    },
    async delete(namespace, raw) {
      await reach(namespace);
      const path = pathOf(raw);
      const rows = await withTenant({ tenantId }, async (tx) => {
        const row = await getNamespaceFile(tx, { namespace, path });
        return row?.type === "File" ? deleteNamespaceFiles(tx, { namespace, dir: path }) : [];
      });
      for (const row of rows) await getStorage().delete(tenantId, storageKeyOf(namespace, row.path));
      return rows.length > 0;
    },
  };
}

/** Resumes a PAUSED execution, retrying when its worker wrote in between (lib/server/executions/commands' update). */
async function resumeDocument(tenantId: string, id: string, inputs: Record<string, unknown>): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const saved = await withTenant({ tenantId }, async (tx) => {
      const row = await getExecution(tx, { id });
      if (!row) throw new Error(`No execution found for execution id ${id}`);
      const current = row.document;
      if (current.state.current !== "PAUSED") throw new Error(`Execution ${id} is not paused (${current.state.current})`);
      const flowRow = await getFlowRevision(tx, { namespace: current.namespace, id: current.flowId, revision: current.flowRevision });
      if (!flowRow) throw new Error(`Flow ${current.namespace}.${current.flowId} revision ${current.flowRevision} not found`);
      const next = resume(flowRow.definition, current, inputs, new Date());
      if ((await saveExecution(tx, { doc: next, version: row.version })) === null) return false;
      await fireStateTriggers(tx, tenantId, next, current.state.histories.length);
      await enqueueWork(tx, { tenantId, executionId: id });
      return true;
    });
    if (saved) {
      signalWork();
      signalExecution(tenantId, id);
      return;
    }
    await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
  }
  throw new Error(`Execution ${id} is changing too fast to be resumed; try again`);
}

const ENDED_STATES = ["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRIED", "SKIPPED"];

/**
 * The tenant's executions and logs seen from a running execution of namespace `from`
 * (execution.Count, Resume, PurgeExecutions, log.Fetch, PurgeLogs): every query runs in the
 * tenant's transaction (RLS), and every namespace it touches passes the namespace rule, so a
 * flow reaches other namespaces' executions and logs only where they allow it. Without a
 * namespace, a purge covers the namespaces the flow reaches, nothing else.
 */
export function tenantExecutions(tenantId: string, current: Pick<Execution, "id" | "namespace">): ExecutionsService {
  const from = current.namespace;
  const reach = (namespace: string, what: "execution" | "log") => assertReach(tenantId, from, namespace, what);
  const reachable = async () => {
    const all = await withTenant({ tenantId }, (tx) => executionNamespaces(tx));
    const allowed: string[] = [];
    for (const namespace of all) if (await canReach(tenantId, from, namespace)) allowed.push(namespace);
    return allowed;
  };
  const find = async (id: string) => {
    const row = await withTenant({ tenantId }, (tx) => getExecution(tx, { id }));
    return row ? row.document : null;
  };
  const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));
  return {
    async counts(q) {
      const flows = q.flows ?? [];
      const namespaces = q.namespaces ?? [];
      for (const f of flows) await reach(f.namespace, "execution");
      for (const n of namespaces) await reach(n, "execution");
      const rows = await withTenant({ tenantId }, (tx) =>
        countExecutionsByFlow(tx, { flows, namespaces, states: q.states, startDate: new Date(q.startDate), endDate: new Date(q.endDate) }),
      );
      // Kestra's shape: each listed flow (0 when it has none), then each namespace's sum.
      const out: { namespace: string; flowId: string | null; count: number }[] = flows.map((f) => ({
        namespace: f.namespace,
        flowId: f.flowId,
        count: Number(rows.find((r) => r.namespace === f.namespace && r.flowId === f.flowId)?.count ?? 0),
      }));
      const sums = new Map<string, number>();
      for (const r of rows) if (namespaces.includes(r.namespace)) sums.set(r.namespace, (sums.get(r.namespace) ?? 0) + Number(r.count));
      for (const [namespace, count] of sums) out.push({ namespace, flowId: null, count });
      return out;
    },
    async find(id) {
      const doc = await find(id);
      if (!doc) return null;
      await reach(doc.namespace, "execution");
      return { id: doc.id, namespace: doc.namespace, flowId: doc.flowId, state: doc.state.current, parentId: doc.parentId };
    },
    async logs(q) {
      const doc = q.executionId === current.id ? { namespace: from } : await find(q.executionId);
      if (!doc) return null;
      await reach(doc.namespace, "log");
      const rows = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: q.executionId, minLevel: q.minLevel }));
      return rows
        .filter((l) => q.taskIds === undefined || (l.taskId !== null && q.taskIds.includes(l.taskId)))
        .map(logEntryOf);
    },
    async purgeLogs(q) {
      if (q.namespace !== undefined) await reach(q.namespace, "log");
      if (q.executionId !== undefined && q.namespace === undefined) {
        const doc = await find(q.executionId);
        if (!doc) return 0;
        await reach(doc.namespace, "log");
      }
      const filter = { ...q, startDate: date(q.startDate), endDate: new Date(q.endDate), reachable: q.namespace === undefined ? await reachable() : undefined };
      return withTenant({ tenantId }, (tx) => purgeLogLines(tx, filter));
    },
    async purge(q) {
      if (q.namespace !== undefined) await reach(q.namespace, "execution");
      // Only ended executions: a running one is never pulled from under its worker.
      const states = (q.states ?? ENDED_STATES).filter((s) => isTerminated(s as StateType));
      const filter = { ...q, states, exceptId: current.id, startDate: date(q.startDate), endDate: new Date(q.endDate), reachable: q.namespace === undefined ? await reachable() : undefined };
      const targets = await withTenant({ tenantId }, (tx) => findPurgeable(tx, filter));
      let storagesCount = 0;
      if (q.storage) {
        for (const t of targets) {
          const files = executionFiles(tenantId, t);
          storagesCount += (await getStorage().list(tenantId, files.prefix)).length;
          await getStorage().deletePrefix(tenantId, files.prefix);
        }
      }
      const ids = targets.map((t) => t.id);
      const counts = await withTenant({ tenantId }, (tx) => purgeExecutionRecords(tx, { ids, logs: q.log, metrics: q.metric, executions: q.execution }));
      return { ...counts, storagesCount };
    },
    async resume(q) {
      const doc = await find(q.executionId);
      if (!doc) throw new Error(`No execution found for execution id ${q.executionId}`);
      await reach(doc.namespace, "execution");
      // As the API resumes: the onResume inputs checked, the document written with its version.
      await checkResumeInputs(tenantId, doc, q.inputs ?? {});
      await resumeDocument(tenantId, doc.id, q.inputs ?? {});
      return { id: doc.id, namespace: doc.namespace, flowId: doc.flowId };
    },
    async toggleTrigger(q) {
      if (q.namespace !== from) await assertReach(tenantId, from, q.namespace, "trigger");
      await withTenant({ tenantId }, async (tx) => {
        const flow = await getFlow(tx, { namespace: q.namespace, id: q.flowId });
        if (!flow) throw new Error(`Unable to find flow ${q.namespace}.${q.flowId}. Make sure the flow exists and the current execution is authorized to access it.`);
        const key = { namespace: q.namespace, flowId: q.flowId, triggerId: q.triggerId };
        const definition = ((flow.definition.triggers ?? []) as { id: string; type: string; disabled?: boolean }[]).find((t) => t.id === q.triggerId) ?? null;
        if (!definition || !(await getTrigger(tx, key))) throw new Error(`Unable to find trigger ${q.triggerId} for the flow ${q.namespace}.${q.flowId}`);
        await setTriggerDisabled(tx, { key, disabled: !q.enabled, definition, flowDisabled: Boolean(flow.disabled) });
        // As the API's disable: an audit entry, by the execution rather than a user.
        await recordAudit(tx, {
          tenantId,
          actorId: null,
          action: "UPDATE",
          resourceType: "TRIGGER",
          resourceId: `${q.namespace}.${q.flowId}.${q.triggerId}`,
          detail: { disabled: !q.enabled, executionId: current.id },
        });
      });
    },
  };
}

/**
 * The execution's WorkingDirectory files, under its own storage prefix in its tenant
 * (`.../working-directories/{run}/files/...`): a directory never outlives or leaves its
 * execution, and is deleted with the execution's files.
 */
export function executionWorkingDirectories(tenantId: string, execution: Pick<Execution, "namespace" | "flowId" | "id">, storage: Storage = getStorage()): WorkingDirectories {
  const root = (dirId: string) => `${executionPrefix(execution)}/working-directories/${safeKey(dirId)}`;
  const fileKey = (dirId: string, raw: string) => `${root(dirId)}/files/${workingPath(raw)}`;
  return {
    async list(dirId) {
      const prefix = `${root(dirId)}/files/`;
      return (await storage.list(tenantId, `${root(dirId)}/files`)).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
    },
    async read(dirId, raw) {
      const bytes = await storage.get(tenantId, fileKey(dirId, raw));
      return bytes === null ? null : new Uint8Array(bytes);
    },
    async write(dirId, raw, content) {
      await storage.put(tenantId, fileKey(dirId, raw), typeof content === "string" ? content : Buffer.from(content));
    },
    async delete(dirId, raw) {
      return storage.delete(tenantId, fileKey(dirId, raw));
    },
    async claim(dirId) {
      const marker = `${root(dirId)}/claimed`;
      if ((await storage.get(tenantId, marker)) !== null) return false;
      await storage.put(tenantId, marker, "1");
      return true;
    },
    // The tenant's storage, under this execution's flow: another tenant or flow never reads it.
    async readCache(cacheId, objectId) {
      const bytes = await storage.get(tenantId, safeKey(workingDirectoryCacheKey(execution, cacheId, objectId)));
      return bytes === null ? null : new Uint8Array(bytes);
    },
    async writeCache(cacheId, objectId, content) {
      await storage.put(tenantId, safeKey(workingDirectoryCacheKey(execution, cacheId, objectId)), content);
    },
    async deleteCache(cacheId, objectId) {
      return storage.delete(tenantId, safeKey(workingDirectoryCacheKey(execution, cacheId, objectId)));
    },
  };
}

export function taskServices(tenantId: string, execution: Execution, taskId: string, taskRunId: string): TaskServices {
  const namespaceFiles = tenantNamespaceFiles(tenantId, execution.namespace);
  return {
    executions: tenantExecutions(tenantId, execution),
    workingDirectories: executionWorkingDirectories(tenantId, execution),
    kv: tenantKv(tenantId, execution.namespace),
    storage: executionFiles(tenantId, execution, undefined, { readParent: true }).forTaskRun(taskId, taskRunId),
    http: tenantHttp(tenantId),
    scripts: { ...scriptHost(tenantId), namespaceFiles },
    namespaceFiles,
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
    const key = String(args.key);
    const from = execution().namespace;
    // Another namespace's secrets are reached only by the rule; its parents' are inherited.
    const namespace = typeof args.namespace === "string" ? args.namespace : from;
    if (namespace !== from) await assertReach(tenantId, from, namespace, "secret");
    const value = await resolveSecret(tenantId, namespace, key);
    if (value === null) throw new Error(`Cannot find secret for key '${key}'.`);
    if (args.subkey === undefined || args.subkey === null) return value;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`The secret '${key}' is not a JSON object: cannot read its subkey '${String(args.subkey)}'.`);
    }
    const sub = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>)[String(args.subkey)] : undefined;
    if (sub === undefined || sub === null) throw new Error(`Cannot find secret for key '${key}' and subkey '${String(args.subkey)}'.`);
    return typeof sub === "string" ? sub : JSON.stringify(sub);
  };
  const read: InjectedFunction = async (args) => {
    const raw = String(args.path);
    // A kestra:// URI is one of the execution's files; any other path is a namespace file.
    if (raw.startsWith("kestra://")) {
      const bytes = await executionFiles(tenantId, execution(), undefined, { readParent: true }).read(raw);
      if (bytes === null) throw new Error(`Unable to read the file '${raw}'`);
      return bytes.toString("utf8");
    }
    const from = execution().namespace;
    const namespace = typeof args.namespace === "string" ? args.namespace : from;
    if (namespace !== from) await assertReach(tenantId, from, namespace, "namespace file");
    let path: string;
    try {
      path = normalizePath(raw);
    } catch (error) {
      throw new Error(`Invalid namespace file path '${raw}': it ${(error as Error).message}`);
    }
    const bytes = await readNamespaceFile(tenantId, namespace, path);
    if (bytes === null) throw new Error(`Unable to read the file '${raw}': no such namespace file in '${namespace}'`);
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

/**
 * Switchyard's executor: a pure core (advance and friends decide, from a flow, an execution
 * document and the time, what happens next) and the helpers a shell needs to act on it.
 *
 *   shell loop:  admit (concurrency) → advance → perform actions → completeTaskRun /
 *                completeSubflow → advance ...; call advance again at `wakeAt`.
 *
 * The in-memory shell (engine/memory: MemoryEngine, runFlowInMemory) and the worker
 * (engine/worker) drive exactly these functions.
 */
export { advance } from "./advance";
export { completeSubflow, completeTaskRun, type SubflowReport } from "./complete";
export { admit, createExecution, createSubflowExecution, type Admission, type NewExecution } from "./create";
export { executeTaskRun, type ExecuteTaskRunInput } from "./execute";
export { enteredStateViews, flowTriggersFor, memoryPreconditionStore, type ConditionKey, type PreconditionStore, type TriggeredExecution } from "./flow-triggers";
export { inFlightTaskRuns } from "./in-flight";
export { resolveInputs, type InputsMode, type InputsResult } from "./inputs";
export { markAs, resume } from "./mark-as";
export { replay } from "./replay";
export { restart } from "./restart";
export { kill } from "./terminate";
export { webhookTrigger, type WebhookCall } from "./webhook";
export { buildVariables, iterationValues, outputsTree } from "./variables";
export type { RunOutcome, TaskContext, TaskLogger } from "./context";
export type { FlowableContext, SubflowEnd, SubflowOutcome, SubflowStart, Timer } from "./flowable";
export type { ExecutionsService, WorkingDirectories, ExecutionCountQuery, ExecutionScope, PurgeCounts, HttpClient, HttpRequest, HttpResponse, KvEntry, KvService, NamespaceFiles, ScriptHost, StorageService, TaskServices } from "./services";
export type { ExecutorContext } from "./work";
export * from "./types";

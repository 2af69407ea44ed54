/**
 * The engine without a database: executions advanced in process memory, with in-memory KV,
 * storage and template functions. For tests, the conformance runner's memory driver and
 * benchmarks; the server runs the worker (engine/worker) over PostgreSQL instead.
 */
export { MemoryEngine, runFlowInMemory, type InMemoryRun, type MemoryEngineOptions, type RunFlowInMemoryOptions } from "./engine";
export { memoryFunctions, MemoryKv, MemoryStorage, refuseHttp } from "./services";

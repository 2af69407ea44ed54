import type { Label } from "@/engine/executor/types";
import type { Corpus } from "./corpus";
import type { ConformanceDriver, ConformanceRecord, CreateRequest } from "./types";

/** Loads the scenario's flows (and the subflows they call) and its KV, env and globals setup. */
export async function prepare(record: ConformanceRecord, corpus: Corpus, driver: ConformanceDriver, extraFiles: string[] = []): Promise<void> {
  await driver.reset();
  const setup = record.setup ?? {};
  const envs = setup.env
    ? Object.fromEntries(Object.entries(setup.env).map(([k, v]) => [k.replace(/^KESTRA_/, "").toLowerCase(), v]))
    : undefined;
  await driver.configure({ envs, globals: setup.globals });
  const files = corpus.withSubflows([...(record.flowsLoaded ?? []), ...extraFiles, record.file]);
  for (const file of files) await driver.loadFlow(corpus.source(file));
  if (setup.kv && typeof setup.kv === "object") await driver.setKV(setup.kv.namespace, setup.kv.key, setup.kv.value);
}

/** A string matching a simple pattern (literal text, `.*`, `.+`, `\d`, escapes): inputs given as `$regex`. */
function sampleFor(pattern: string): string {
  return pattern
    .replace(/^\^|\$$/g, "")
    .replace(/\.\*|\.\+/g, "x")
    .replace(/\\d[+*]?/g, "1")
    .replace(/\\(.)/g, "$1");
}

/** Record inputs with `{"$repeat": s, "times": n}` and `{"$regex": p}` expanded. */
function expandInputs(inputs: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!inputs) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(inputs)) {
    const v = value as Record<string, unknown> | null;
    if (v && typeof v === "object" && typeof v.$repeat === "string") out[key] = v.$repeat.repeat(Number(v.times));
    else if (v && typeof v === "object" && typeof v.$regex === "string") out[key] = sampleFor(v.$regex);
    else out[key] = value;
  }
  return out;
}

/** The request creating the scenario's main execution. */
export function createRequest(record: ConformanceRecord, namespace = record.namespace, flowId = record.id): CreateRequest {
  const labels: Label[] | undefined = record.executionLabels
    ? Object.entries(record.executionLabels).map(([key, value]) => ({ key, value }))
    : undefined;
  return {
    namespace,
    flowId,
    inputs: expandInputs(record.inputs),
    // No inputs: the test passed none and required inputs are not enforced.
    inputsMode: record.inputsMode === "typed" ? "typed" : "raw",
    labels,
  };
}

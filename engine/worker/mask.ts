import type { Flow } from "@/engine/flow/schema";
import type { Execution, LogEntry, MetricEntry } from "@/engine/executor";
import type { TemplateFunctions } from "@/engine/template";

export const MASK = "******";
/** Shorter values are not masked: hiding every "ab" in a log would say more than it hides. */
const MIN_LENGTH = 4;

/**
 * The values a pass must never write in clear: every secret a template revealed (masked in
 * logs, outputs, errors and the stored execution), and the execution's SECRET-type inputs
 * (masked in logs; the inputs themselves must stay usable by later tasks).
 */
export class Masker {
  private readonly secrets = new Set<string>();
  private readonly logOnly = new Set<string>();

  constructor(flow?: Pick<Flow, "inputs">, execution?: Pick<Execution, "inputs">) {
    for (const input of flow?.inputs ?? []) {
      const value = input.type === "SECRET" ? (execution?.inputs as Record<string, unknown> | undefined)?.[input.id] : undefined;
      if (typeof value === "string") this.add(this.logOnly, value);
    }
  }

  private add(set: Set<string>, value: string) {
    if (value.length >= MIN_LENGTH) set.add(value);
    // A JSON secret is also revealed piece by piece (`secret('k', subkey='p')`, or a template walking it).
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === "object") for (const v of Object.values(parsed)) if (typeof v === "string" && v.length >= MIN_LENGTH) set.add(v);
    } catch {
      // not JSON
    }
  }

  reveal(value: unknown) {
    if (typeof value === "string") this.add(this.secrets, value);
  }

  /** The template functions, with `secret()` recording what it returns. */
  functions(functions: TemplateFunctions): TemplateFunctions {
    const secret = functions.secret;
    if (!secret) return functions;
    return {
      ...functions,
      secret: async (args) => {
        const value = await secret(args);
        this.reveal(value);
        return value;
      },
    };
  }

  private text(value: string, sets: Set<string>[]): string {
    let out = value;
    // Longest first, so a secret containing another is masked whole.
    const all = sets.flatMap((s) => [...s]).sort((a, b) => b.length - a.length);
    for (const secret of all) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  private deep<T>(value: T, sets: Set<string>[]): T {
    if (typeof value === "string") return this.text(value, sets) as T;
    if (Array.isArray(value)) return value.map((v) => this.deep(v, sets)) as T;
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k, sets), this.deep(v, sets)])) as T;
    }
    return value;
  }

  /** The execution as it may be stored: revealed secrets masked in every string (outputs, errors, states). */
  execution(execution: Execution): Execution {
    if (this.secrets.size === 0) return execution;
    // Its inputs are what the caller gave: SECRET inputs stay usable; a secret() value never is one.
    return { ...this.deep(execution, [this.secrets]), inputs: execution.inputs };
  }

  /** Metrics as they may be stored: a tag holding a secret (Return tags its rendered text) is masked. */
  metrics(entries: MetricEntry[]): MetricEntry[] {
    if (this.secrets.size === 0 && this.logOnly.size === 0) return entries;
    return entries.map((m) => ({ ...m, name: this.text(m.name, [this.secrets, this.logOnly]), tags: this.deep(m.tags, [this.secrets, this.logOnly]) }));
  }

  logs(lines: LogEntry[]): LogEntry[] {
    if (this.secrets.size === 0 && this.logOnly.size === 0) return lines;
    return lines.map((l) => ({ ...l, message: this.text(l.message, [this.secrets, this.logOnly]) }));
  }
}

import type { Condition } from "@/engine/tasks/common";
import { canonicalType } from "@/engine/tasks/registry";
import type { Execution } from "@/engine/executor/types";
import { isPublicHoliday } from "./holidays";
import { timeOfDayMs } from "./window";

const CORE = "io.kestra.plugin.core.condition.";
const DAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"];

export type ConditionContext = {
  now: Date;
  /** Renders an expression against the trigger's variables (`trigger.date`, an upstream's outputs...). */
  render: (template: string) => Promise<string>;
  /** The upstream execution that just ended (Flow triggers). */
  execution?: Execution;
  /** A MultipleCondition: records what this execution meets and says whether all hold in the window (Flow triggers). */
  multiple?: (condition: Condition, met: string[], all: string[]) => Promise<boolean>;
};

/** Thrown for a condition type that cannot be judged here (the fire is skipped and logged). */
export class UnsupportedCondition extends Error {}

/** The local calendar fields of an ISO date-time as written (its own offset), as Kestra's ZonedDateTime reads them. */
function localParts(iso: string): { year: number; month: number; day: number; dayOfWeek: number; timeMs: number; instant: number } {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new Error(`Invalid date '${iso}'`);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(iso);
  const local = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0))) : new Date(instant);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth(),
    day: local.getUTCDate(),
    dayOfWeek: local.getUTCDay(),
    timeMs: ((local.getUTCHours() * 60 + local.getUTCMinutes()) * 60 + local.getUTCSeconds()) * 1000,
    instant,
  };
}

async function dateOf(condition: Condition, ctx: ConditionContext): Promise<string> {
  const template = typeof condition.date === "string" ? condition.date : "{{ trigger.date }}";
  try {
    const rendered = (await ctx.render(template)).trim();
    if (rendered) return rendered;
  } catch {
    // No trigger.date in this context: the evaluation's own time, as Kestra's condition context has.
  }
  return ctx.now.toISOString();
}

const truthy = (s: string) => s.trim() === "true";

/** Whether every condition holds (Kestra: a trigger's `conditions` are ANDed). */
export async function allConditionsHold(conditions: readonly Condition[] | undefined, ctx: ConditionContext): Promise<boolean> {
  for (const condition of conditions ?? []) if (!(await conditionHolds(condition, ctx))) return false;
  return true;
}

/** Kestra's core conditions, judged for one fire (a Schedule date or an upstream execution). */
export async function conditionHolds(condition: Condition, ctx: ConditionContext): Promise<boolean> {
  const type = canonicalType(condition.type);
  const ex = ctx.execution;
  switch (type.startsWith(CORE) ? type.slice(CORE.length) : type) {
    case "Not":
      for (const c of (condition.conditions as Condition[]) ?? []) if (await conditionHolds(c, ctx)) return false;
      return true;
    case "Or":
      for (const c of (condition.conditions as Condition[]) ?? []) if (await conditionHolds(c, ctx)) return true;
      return false;
    case "DayWeek": {
      const d = localParts(await dateOf(condition, ctx));
      return DAYS[d.dayOfWeek] === condition.dayOfWeek;
    }
    case "Weekend": {
      const d = localParts(await dateOf(condition, ctx));
      return d.dayOfWeek === 0 || d.dayOfWeek === 6;
    }
    case "DayWeekInMonth": {
      const d = localParts(await dateOf(condition, ctx));
      if (DAYS[d.dayOfWeek] !== condition.dayOfWeek) return false;
      const lastDay = new Date(Date.UTC(d.year, d.month + 1, 0)).getUTCDate();
      const nth = { FIRST: 1, SECOND: 2, THIRD: 3, FOURTH: 4 }[condition.dayInMonth as string];
      return nth ? Math.ceil(d.day / 7) === nth : d.day > lastDay - 7;
    }
    case "DateTimeBetween": {
      const at = localParts(await dateOf(condition, ctx)).instant;
      if (typeof condition.after === "string" && at < Date.parse(await ctx.render(condition.after))) return false;
      if (typeof condition.before === "string" && at > Date.parse(await ctx.render(condition.before))) return false;
      return true;
    }
    case "TimeBetween": {
      const iso = await dateOf(condition, ctx);
      const t = ((Date.parse(iso) % 86_400_000) + 86_400_000) % 86_400_000;
      if (typeof condition.after === "string" && t < timeOfDayMs(condition.after)) return false;
      if (typeof condition.before === "string" && t > timeOfDayMs(condition.before)) return false;
      return true;
    }
    case "PublicHoliday": {
      const d = localParts(await dateOf(condition, ctx));
      const day = `${d.year}-${String(d.month + 1).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
      const country = typeof condition.country === "string" ? await ctx.render(condition.country) : undefined;
      const subDivision = typeof condition.subDivision === "string" ? await ctx.render(condition.subDivision) : undefined;
      return isPublicHoliday(day, country, subDivision);
    }
    case "Expression":
      return truthy(await ctx.render(String(condition.expression)));
    case "ExecutionFlow":
      return !!ex && ex.namespace === condition.namespace && ex.flowId === condition.flowId;
    case "ExecutionNamespace": {
      if (!ex) return false;
      const ns = String(condition.namespace);
      const comparison = (condition.comparison as string | undefined) ?? (condition.prefix ? "PREFIX" : "EQUALS");
      return comparison === "PREFIX" ? ex.namespace.startsWith(ns) : comparison === "SUFFIX" ? ex.namespace.endsWith(ns) : ex.namespace === ns;
    }
    case "ExecutionStatus": {
      if (!ex) return false;
      const inList = condition.in as string[] | undefined;
      const notIn = condition.notIn as string[] | undefined;
      return (!inList || inList.includes(ex.state.current)) && (!notIn || !notIn.includes(ex.state.current));
    }
    case "ExecutionLabels": {
      if (!ex) return false;
      const wanted = condition.labels;
      const pairs = Array.isArray(wanted) ? (wanted as { key: string; value: unknown }[]) : Object.entries((wanted as Record<string, unknown>) ?? {}).map(([key, value]) => ({ key, value }));
      return pairs.every((p) => ex.labels.some((l) => l.key === p.key && l.value === String(p.value)));
    }
    case "ExecutionOutputs":
      return !!ex?.outputs && truthy(await ctx.render(String(condition.expression)));
    case "HasRetryAttempt": {
      if (!ex) return false;
      const inList = condition.in as string[] | undefined;
      const notIn = condition.notIn as string[] | undefined;
      return ex.taskRunList.some((r) => (r.attempts?.length ?? 0) > 1 && (r.attempts ?? []).some((a) => (!inList || inList.includes(a.state.current)) && (!notIn || !notIn.includes(a.state.current))));
    }
    case "MultipleCondition": {
      if (!ctx.multiple) return false;
      const children = (condition.conditions as Record<string, Condition>) ?? {};
      const met: string[] = [];
      for (const [id, child] of Object.entries(children)) if (await conditionHolds(child, ctx)) met.push(id);
      return ctx.multiple(condition, met, Object.keys(children));
    }
    default:
      throw new UnsupportedCondition(`Condition ${condition.type} is not supported by this scheduler`);
  }
}

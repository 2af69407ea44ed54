import { DURATION_RE } from "@/engine/flow/values";

/**
 * ISO-8601 durations as java.time.Duration reads and prints them: `PT1.2S`, `PT15M`,
 * `P1DT2H` in, milliseconds out; milliseconds in, `PT1.2S` out.
 */
export function parseDuration(text: string): number {
  const value = text.trim();
  if (!DURATION_RE.test(value) || !/\d/.test(value) || /T$/i.test(value)) {
    throw new Error(`Invalid ISO-8601 duration: '${text}'`);
  }
  const upper = value.toUpperCase().replace(",", ".");
  const negative = upper.startsWith("-");
  const body = upper.replace(/^[-+]/, "");
  const match = /^P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:\.\d*)?)S)?)?$/.exec(body);
  if (!match) throw new Error(`Invalid ISO-8601 duration: '${text}'`);
  const [, d, h, m, s] = match;
  const ms =
    Number(d ?? 0) * 86_400_000 + Number(h ?? 0) * 3_600_000 + Number(m ?? 0) * 60_000 + Math.round(Number(s ?? 0) * 1000);
  return negative ? -ms : ms;
}

/** Java's Duration.toString for a millisecond amount: `PT0S`, `PT1.2S`, `PT1M5S`, `PT26H`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms === 0) return "PT0S";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = rest / 1000;
  let out = "PT";
  if (hours) out += `${sign}${hours}H`;
  if (minutes) out += `${sign}${minutes}M`;
  if (seconds) out += `${sign}${String(Number(seconds.toFixed(3)))}S`;
  return out;
}

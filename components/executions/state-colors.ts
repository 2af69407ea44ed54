/** One colour per execution state, for bars, chart segments and topology nodes (badges use StateBadge). */
const STATE_FILL: Record<string, string> = {
  CREATED: "#a1a1aa",
  QUEUED: "#a1a1aa",
  RUNNING: "#6366f1",
  PAUSED: "#f59e0b",
  RESTARTED: "#818cf8",
  KILLING: "#f87171",
  SUCCESS: "#10b981",
  WARNING: "#f59e0b",
  FAILED: "#dc2626",
  KILLED: "#b91c1c",
  CANCELLED: "#71717a",
  RETRYING: "#818cf8",
  RETRIED: "#a1a1aa",
  SKIPPED: "#d4d4d8",
};

export const stateFill = (state: string) => STATE_FILL[state] ?? "#a1a1aa";

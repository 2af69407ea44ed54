import { Badge } from "@/components/ui/panel";

type Tone = "neutral" | "brand" | "green" | "amber" | "red";

const TONES: Record<string, Tone> = {
  SUCCESS: "green",
  WARNING: "amber",
  FAILED: "red",
  KILLED: "red",
  KILLING: "red",
  CANCELLED: "neutral",
  SKIPPED: "neutral",
  RUNNING: "brand",
  RETRYING: "brand",
  RESTARTED: "brand",
  CREATED: "neutral",
  QUEUED: "neutral",
  PAUSED: "amber",
  RETRIED: "neutral",
};

/** An execution state (Kestra's names) as a coloured badge. */
export function StateBadge({ state }: { state: string }) {
  return (
    <Badge tone={TONES[state] ?? "neutral"} className="font-mono tracking-tight">
      {state}
    </Badge>
  );
}

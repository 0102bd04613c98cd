// Words for a monitor's evaluation health (core/alerting/health.ts). Pure, unit-tested.
import type { MonitorHealthView } from "../../../../core/contracts/alerting";
import { formatAgo, formatTime } from "../../lib/time";

export type Health = MonitorHealthView["health"];

export const HEALTH_LABEL: Record<Health, string> = {
  ok: "Healthy",
  error: "Error",
  nodata: "No data",
  slow: "Slow",
  unknown: "Not checked yet",
};

/** Broken (can't evaluate, or evaluates nothing): shown loudly everywhere. */
export const isBroken = (h: MonitorHealthView | null | undefined): boolean => h?.health === "error";

/** "02:47" (or "02:47 UTC"): the time of day, as on a pager screen. */
export function clockTime(ms: number, utc: boolean): string {
  return formatTime(ms, utc, false).slice(11);
}

/** One line: "Error for 3m: <message>", "No data at the last check", "Slow: 9.1 s per check (interval 15 s)". */
export function healthLine(h: MonitorHealthView, intervalSeconds: number, now: number): string {
  switch (h.health) {
    case "error": {
      const since = h.failingSince === null ? "" : ` since ${formatAgo(h.failingSince, now)}`;
      return `Cannot evaluate (${h.failures} failed check${h.failures === 1 ? "" : "s"}${since}): ${h.lastError ?? "unknown error"}`;
    }
    case "nodata":
      return "The query returned no data at the last check";
    case "slow":
      return `Slow: ${formatMs(h.evalMs ?? 0)} per check (interval ${intervalSeconds} s)`;
    case "unknown":
      return "Not checked yet";
    case "ok":
      return "Evaluating normally";
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

import type { Severity, SignalSeverityState } from "./types";

/** What was last sent for one signal (all severities share one page: PagerDuty's dedup_key is per signal). */
export interface SentRecord {
  status: "firing" | "resolved";
  severity: Severity;
  alertId: string;
  at: number;
}

export type NotifyKind = "trigger" | "repeat" | "resolve";

export interface NotifyAction {
  kind: NotifyKind;
  severity: Severity;
  alertId: string;
}

const rank: Record<Severity, number> = { critical: 2, warning: 1 };

/** The firing entry with the highest severity, if any. */
export function effective(entries: SignalSeverityState[]): SignalSeverityState | null {
  let best: SignalSeverityState | null = null;
  for (const e of entries) if (e.state === "firing" && (!best || rank[e.severity] > rank[best.severity])) best = e;
  return best;
}

/**
 * Decide what (if anything) to send for one signal, comparing what should be known downstream with what was
 * sent. Muting and flapping hold back triggers and repeats; a resolve for a page that went out is always
 * sent, so nobody is left with an open incident for something that is over.
 */
export function planNotification(
  entries: SignalSeverityState[],
  sent: SentRecord | undefined,
  opts: { muted: boolean; now: number; repeatMs: number },
): NotifyAction | null {
  const top = effective(entries);
  if (!top) {
    if (sent?.status === "firing") return { kind: "resolve", severity: sent.severity, alertId: sent.alertId };
    return null;
  }
  if (opts.muted || entries.some((e) => e.flapping)) return null;
  const alertId = top.alertId ?? "";
  if (!sent || sent.status === "resolved") return { kind: "trigger", severity: top.severity, alertId };
  if (sent.severity !== top.severity) return { kind: "trigger", severity: top.severity, alertId };
  if (opts.repeatMs > 0 && opts.now - sent.at >= opts.repeatMs)
    return { kind: "repeat", severity: top.severity, alertId };
  return null;
}

export function applySent(action: NotifyAction, now: number): SentRecord {
  return {
    status: action.kind === "resolve" ? "resolved" : "firing",
    severity: action.severity,
    alertId: action.alertId,
    at: now,
  };
}

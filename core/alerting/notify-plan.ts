import type { Severity, SignalSeverityState } from "./types";

/** What was last sent for one signal (all severities share one page: PagerDuty's dedup_key is per signal). */
export interface SentRecord {
  status: "firing" | "resolved";
  severity: Severity;
  alertId: string;
  at: number;
  /** The open page went out marked flapping (and stays quiet while the signal flaps). */
  flapping?: boolean;
}

/**
 * `update`: the same page again with what was learned since (the investigation's likely cause, docs/DDX.md).
 * `acknowledge` and `unacknowledge` come from a person (core/oncall/ack.ts), never from the planner.
 */
export type NotifyKind = "trigger" | "repeat" | "resolve" | "update" | "acknowledge" | "unacknowledge";

export interface NotifyAction {
  kind: NotifyKind;
  severity: Severity;
  alertId: string;
  /** A trigger sent while the signal flaps: receivers show it as flapping. */
  flapping?: boolean;
}

export interface PlanOptions {
  muted: boolean;
  now: number;
  repeatMs: number;
  /** How long a flapping signal must hold firing to page normally: the sustain window, at least one check. */
  holdMs?: (severity: Severity) => number;
}

const rank: Record<Severity, number> = { critical: 2, warning: 1 };

/** The entry whose page is open (firing, or firing with its data missing) with the highest severity, if any. */
export function effective(entries: SignalSeverityState[]): SignalSeverityState | null {
  let best: SignalSeverityState | null = null;
  for (const e of entries) {
    if (e.state !== "firing" && e.state !== "nodata") continue;
    const better =
      !best ||
      rank[e.severity] > rank[best.severity] ||
      (rank[e.severity] === rank[best.severity] && e.state === "firing");
    if (better) best = e;
  }
  return best;
}

/**
 * Decide what (if anything) to send for one signal, comparing what should be known downstream with what was
 * sent. Muting holds back triggers and repeats; a resolve for a page that went out is always sent, so nobody is
 * left with an open incident for something that is over. A signal whose data went missing (`nodata`) keeps its
 * page open without repeats: there is no evidence either way.
 *
 * Flapping (only when the monitor turns flap handling on) never hides a page: the first breach while flapping
 * pages once, marked flapping; then the signal is quiet (no resolves, re-triggers or repeats) until a breach
 * holds firing for the sustain window, which pages normally, or the flapping stops and the resolve goes out.
 */
export function planNotification(
  entries: SignalSeverityState[],
  sent: SentRecord | undefined,
  opts: PlanOptions,
): NotifyAction | null {
  const top = effective(entries);
  const flapping = entries.some((e) => e.flapping);
  const open = sent?.status === "firing";
  if (!top) {
    if (!open) return null;
    if (sent.flapping && flapping) return null;
    return { kind: "resolve", severity: sent.severity, alertId: sent.alertId };
  }
  if (opts.muted) return null;
  const alertId = top.alertId ?? "";
  if (flapping && !held(top, opts)) {
    return open ? null : { kind: "trigger", severity: top.severity, alertId, flapping: true };
  }
  if (!open || sent.severity !== top.severity) return { kind: "trigger", severity: top.severity, alertId };
  if (top.state === "nodata") return null;
  // The open page went out marked flapping and this breach has now held: page normally.
  if (sent.flapping) return { kind: "trigger", severity: top.severity, alertId };
  if (opts.repeatMs > 0 && opts.now - sent.at >= opts.repeatMs)
    return { kind: "repeat", severity: top.severity, alertId };
  return null;
}

function held(top: SignalSeverityState, opts: PlanOptions): boolean {
  if (top.state !== "firing" || top.firingAt === null) return false;
  return opts.now - top.firingAt >= (opts.holdMs?.(top.severity) ?? 0);
}

export function applySent(action: NotifyAction, now: number): SentRecord {
  return {
    status: action.kind === "resolve" ? "resolved" : "firing",
    severity: action.severity,
    alertId: action.alertId,
    at: now,
    ...(action.flapping ? { flapping: true } : {}),
  };
}

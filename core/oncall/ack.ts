// Acknowledgement of an alert: "someone is on it". Pure rules; the MonitorObject holds the state.
import type { Severity, SignalSeverityState } from "../alerting/types";

/** Who acknowledged, shown wherever the alert appears. */
export interface AckPerson {
  id: string;
  handle: string;
  name: string;
}

/** One acknowledgement, per signal (a signal has one page downstream: PagerDuty's dedup_key is per signal). */
export interface Ack {
  alertId: string;
  signalKey: string;
  /** The severity that was acknowledged: a higher one pages again (an escalation is news). */
  severity: Severity;
  by: AckPerson;
  at: number;
  comment: string;
}

export type AckClearReason = "resolved" | "escalated";

const rank: Record<Severity, number> = { critical: 2, warning: 1 };
/** States with an open page: firing, and (where the evaluator has it) firing with its data missing. */
const OPEN = new Set<string>(["firing", "nodata"]);
export const isOpen = (e: Pick<SignalSeverityState, "state">): boolean => OPEN.has(e.state);

/** The entry an acknowledgement can apply to: the signal's open page (firing, or firing with its data missing). */
export function ackTarget(entries: SignalSeverityState[], alertId: string): SignalSeverityState | null {
  const e = entries.find((x) => x.alertId === alertId);
  if (!e || !isOpen(e)) return null;
  return e;
}

/**
 * After a check: an acknowledgement ends when its signal no longer has an open page (resolved) or when a
 * higher severity than the acknowledged one opens (escalated). Everything else keeps it.
 */
export function reconcileAcks(
  acks: Record<string, Ack>,
  bySignal: Map<string, SignalSeverityState[]>,
): { acks: Record<string, Ack>; cleared: { ack: Ack; reason: AckClearReason }[] } {
  const next: Record<string, Ack> = {};
  const cleared: { ack: Ack; reason: AckClearReason }[] = [];
  for (const [signalKey, ack] of Object.entries(acks)) {
    const open = (bySignal.get(signalKey) ?? []).filter(isOpen);
    if (!open.length) cleared.push({ ack, reason: "resolved" });
    else if (open.some((e) => rank[e.severity] > rank[ack.severity])) cleared.push({ ack, reason: "escalated" });
    else next[signalKey] = ack;
  }
  return { acks: next, cleared };
}

/** The acknowledgement an alert row shows: its signal's, while the alert is one of the signal's open entries. */
export function ackFor(acks: Record<string, Ack>, e: Pick<SignalSeverityState, "signalKey" | "state">): Ack | null {
  if (!isOpen(e)) return null;
  return acks[e.signalKey] ?? null;
}

export const ACK_COMMENT_MAX = 2000;

/**
 * Which channel kinds hear about an acknowledgement: PagerDuty gets `acknowledge` (Events v2 has no way back),
 * Slack gets both as a message; an Alertmanager webhook receiver has no such notion and gets neither.
 */
export function acksForChannel(channelKind: string, kind: "acknowledge" | "unacknowledge"): boolean {
  if (channelKind === "pagerduty") return kind === "acknowledge";
  return channelKind === "slack";
}

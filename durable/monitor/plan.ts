import type { MonitorDef } from "../../core/contracts/alerting";
import { isMuted, type MuteRule } from "../../core/alerting/muting";
import { applySent, planNotification, type SentRecord } from "../../core/alerting/notify-plan";
import type { MonitorState, SignalSeverityState, Transition } from "../../core/alerting/types";
import type { AlertRecord } from "../../platform/db/alerts";
import { alertLabels, alertRecord, notificationContext } from "./records";
import type { OutboxRow } from "./store";

export interface CheckPlan {
  sent: Record<string, SentRecord>;
  muted: Record<string, boolean>;
  notifySeq: number;
  outbox: OutboxRow[];
  alerts: AlertRecord[];
  events: { topics: string[]; event: { kind: string; data: Record<string, unknown> } }[];
}

/**
 * Everything one evaluated check must commit besides the state itself: what to notify (per signal, one outbox
 * row per channel with a deterministic id), which alert rows to mirror (every transition's alert and every
 * muted flag that flipped), and the live events. No I/O: the MonitorObject commits the result atomically.
 */
export function planCheck(p: {
  def: MonitorDef;
  state: MonitorState;
  transitions: Transition[];
  sent: Record<string, SentRecord>;
  prevMuted: Record<string, boolean>;
  mutes: MuteRule[];
  at: number;
  notifySeq: number;
  publicUrl: string;
}): CheckPlan {
  const { def, state, at } = p;
  const sent = { ...p.sent };
  const muted: Record<string, boolean> = {};
  const bySignal = new Map<string, SignalSeverityState[]>();
  for (const e of Object.values(state.entries)) bySignal.set(e.signalKey, [...(bySignal.get(e.signalKey) ?? []), e]);
  for (const key of Object.keys(sent)) if (!bySignal.has(key)) bySignal.set(key, []);
  let seq = p.notifySeq;
  const outbox: OutboxRow[] = [];
  for (const [signalKey, entries] of bySignal) {
    const active = entries.filter((e) => e.state === "firing" || e.state === "pending");
    const on = active.some((e) => isMuted({ monitorId: def.id, labels: alertLabels(def, e) }, p.mutes, at));
    for (const e of active) if (e.alertId) muted[e.alertId] = on;
    const action = planNotification(entries, sent[signalKey], { muted: on, now: at, repeatMs: def.repeatIntervalMs });
    if (!action) continue;
    if (entries.length === 0) {
      delete sent[signalKey]; // the signal's condition was removed from the monitor: nothing left to describe it with
      continue;
    }
    sent[signalKey] = applySent(action, at);
    const e = entries.find((x) => x.alertId === action.alertId) ?? entries[0];
    seq += 1;
    const ctx = notificationContext(def, e, action, at, p.publicUrl);
    for (const channelId of def.channels)
      outbox.push({
        id: `${def.id}:n${seq}:${channelId}`,
        channelId,
        alertId: action.alertId,
        ctx,
        attempts: 0,
        nextAttemptAt: at,
      });
  }
  const byAlert = new Map(
    Object.values(state.entries)
      .filter((e) => e.alertId)
      .map((e) => [e.alertId!, e]),
  );
  const flipped = Object.keys({ ...muted, ...p.prevMuted }).filter(
    (id) => (p.prevMuted[id] ?? false) !== (muted[id] ?? false),
  );
  const dirty = new Set([...p.transitions.map((t) => t.alertId), ...flipped]);
  const records = new Map<string, AlertRecord>();
  for (const id of dirty) {
    const e = byAlert.get(id);
    if (e) records.set(id, alertRecord(def, e, muted[id] ?? false, at));
  }
  const topics = ["alerts", `monitor:${def.id}`];
  const events: CheckPlan["events"] = [];
  for (const id of flipped) {
    if (records.has(id))
      events.push({
        topics: [...topics, "mutes"],
        event: { kind: "alert.muted", data: { alertId: id, muted: muted[id] ?? false, monitorId: def.id } },
      });
  }
  for (const t of p.transitions) {
    events.push({
      topics,
      event: {
        kind: "alert.transition",
        data: {
          ...t,
          monitorId: def.id,
          monitorSlug: def.slug,
          monitorName: def.name,
          alert: records.get(t.alertId) ?? null,
        },
      },
    });
  }
  return { sent, muted, notifySeq: seq, outbox, alerts: [...records.values()], events };
}

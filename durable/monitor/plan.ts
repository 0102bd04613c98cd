import type { MonitorDef } from "../../core/contracts/alerting";
import { mutedBy, type MuteRule } from "../../core/alerting/muting";
import { applySent, planNotification, type SentRecord } from "../../core/alerting/notify-plan";
import { isOpen, type MonitorState, type SignalSeverityState, type Transition } from "../../core/alerting/types";
import { type Ack, ackFor, reconcileAcks } from "../../core/oncall/ack";
import { type Inhibition, inhibitorsOf } from "../../core/oncall/inhibit";
import { type HeldAlert, holdsUntil, planMuteExpiry } from "../../core/oncall/mute-expiry";
import type { AlertRecord } from "../../platform/db/alerts";
import { alertLabels, alertRecord, flapHoldMs, notificationContext } from "./records";
import type { OutboxRow } from "./store";

export interface CheckPlan {
  sent: Record<string, SentRecord>;
  acks: Record<string, Ack>;
  muted: Record<string, boolean>;
  /** Alerts held by inhibition, with the alerts holding them (core/oncall/inhibit.ts). */
  inhibited: Record<string, string[]>;
  /** Alerts warned that their mute ends soon, with the end they were warned about (core/oncall/mute-expiry.ts). */
  muteWarned: Record<string, number>;
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
  acks?: Record<string, Ack>;
  muteWarned?: Record<string, number>;
  inhibition?: Inhibition;
  prevInhibited?: Record<string, string[]>;
}): CheckPlan {
  const { def, state, at } = p;
  const sent = { ...p.sent };
  const muted: Record<string, boolean> = {};
  const bySignal = new Map<string, SignalSeverityState[]>();
  for (const e of Object.values(state.entries)) bySignal.set(e.signalKey, [...(bySignal.get(e.signalKey) ?? []), e]);
  for (const key of Object.keys(sent)) if (!bySignal.has(key)) bySignal.set(key, []);
  // Acknowledgements end on resolve and on escalation before anything is planned, so an escalation pages.
  const { acks, cleared } = reconcileAcks(p.acks ?? {}, bySignal);
  let seq = p.notifySeq;
  const holdMs = flapHoldMs(def);
  const outbox: OutboxRow[] = [];
  const held: HeldAlert[] = [];
  const muteEnded: string[] = [];
  const inhibited: Record<string, string[]> = {};
  const prevInhibited = p.prevInhibited ?? {};
  // This monitor's own open alerts (firing or nodata) are read from its state (fresher than D1); others' from D1.
  const rules = p.inhibition?.rules ?? [];
  const sources = rules.length
    ? [
        ...(p.inhibition?.sources ?? []).filter((s) => s.monitorId !== def.id),
        ...Object.values(state.entries)
          .filter((e) => isOpen(e.state) && e.alertId)
          .map((e) => ({ id: e.alertId!, labels: alertLabels(def, e) })),
      ]
    : [];
  for (const [signalKey, entries] of bySignal) {
    const active = entries.filter((e) => e.state === "firing" || e.state === "nodata" || e.state === "pending");
    const holders = active.flatMap((e) => mutedBy({ monitorId: def.id, labels: alertLabels(def, e) }, p.mutes, at));
    const mutedOn = holders.length > 0;
    const holding = [...new Set(holders)].map((r) => ({ id: r.id, endsAt: holdsUntil(r, at) }));
    let inhibitedOn = false;
    for (const e of active)
      if (e.alertId) {
        muted[e.alertId] = mutedOn;
        if (mutedOn) held.push({ alertId: e.alertId, firing: e.state === "firing", rules: holding });
        const by = rules.length ? inhibitorsOf({ id: e.alertId, labels: alertLabels(def, e) }, rules, sources) : [];
        if (by.length) {
          inhibited[e.alertId] = by;
          inhibitedOn = true;
        }
      }
    // An inhibited alert is held like a muted one: it still fires, but pages only once nothing holds it.
    const on = mutedOn || inhibitedOn;
    let action = planNotification(entries, sent[signalKey], {
      muted: on,
      now: at,
      repeatMs: def.repeatIntervalMs,
      holdMs,
    });
    // A mute that ends while its alert still fires says so downstream, even when the page went out before it.
    const ended = !on && active.some((e) => e.alertId && p.prevMuted[e.alertId]);
    const top = active.find((e) => e.state === "firing");
    if (ended && top?.alertId) {
      muteEnded.push(top.alertId);
      if (!action && sent[signalKey]?.status === "firing")
        action = { kind: "repeat", severity: sent[signalKey].severity, alertId: sent[signalKey].alertId };
    }
    if (!action) continue;
    if (action.kind === "repeat" && acks[signalKey]) continue; // someone is on it: no re-notification
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
  const inhibitionChanged = Object.keys({ ...inhibited, ...prevInhibited }).filter(
    (id) => (prevInhibited[id] ?? []).join(",") !== (inhibited[id] ?? []).join(","),
  );
  const unacked = cleared.map((c) => c.ack.alertId);
  const dirty = new Set([...p.transitions.map((t) => t.alertId), ...flipped, ...unacked, ...inhibitionChanged]);
  const records = new Map<string, AlertRecord>();
  for (const id of dirty) {
    const e = byAlert.get(id);
    if (e) records.set(id, alertRecord(def, e, muted[id] ?? false, at, ackFor(acks, e), inhibited[id] ?? []));
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
  for (const id of inhibitionChanged)
    if (records.has(id))
      events.push({
        topics,
        event: { kind: "alert.inhibited", data: { alertId: id, inhibitedBy: inhibited[id] ?? [], monitorId: def.id } },
      });
  const expiry = planMuteExpiry(held, p.muteWarned ?? {}, at);
  for (const w of expiry.warnings)
    events.push({
      topics: [...topics, "mutes"],
      event: { kind: "alert.mute_expiring", data: { ...w, monitorId: def.id } },
    });
  for (const alertId of muteEnded)
    events.push({
      topics: [...topics, "mutes"],
      event: { kind: "alert.mute_ended", data: { alertId, monitorId: def.id } },
    });
  for (const { ack, reason } of cleared)
    events.push({
      topics,
      event: {
        kind: "alert.unacknowledged",
        data: { alertId: ack.alertId, monitorId: def.id, reason, alert: records.get(ack.alertId) ?? null },
      },
    });
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
  return {
    sent,
    acks,
    muted,
    inhibited,
    muteWarned: expiry.warned,
    notifySeq: seq,
    outbox,
    alerts: [...records.values()],
    events,
  };
}

import type { MonitorDef } from "../../core/contracts/alerting";
import type { Channel } from "../../core/contracts/alerting";
import { type Ack, type AckPerson, ackTarget, acksForChannel, isOpen } from "../../core/oncall/ack";
import type { SignalSeverityState } from "../../core/alerting/types";
import type { AckResult } from "../../platform/alerting/monitor-rpc";
import { alertRecord, notificationContext } from "./records";
import type { MonitorStore } from "./store";

export interface AckCommand {
  alertId: string;
  by: AckPerson;
  comment: string;
  at: number;
}

/**
 * Acknowledge (or withdraw it) in ONE SQLite transaction: the ack itself, the alert row to mirror, the live
 * event and an outbox row per channel that hears about it (PagerDuty `acknowledge` on the signal's dedup_key,
 * a Slack message). Channels are only told when a page actually went out for this signal.
 */
export function applyAck(
  store: MonitorStore,
  def: MonitorDef,
  cmd: AckCommand,
  channels: Channel[],
  publicUrl: string,
  kind: "acknowledge" | "unacknowledge",
): AckResult {
  return store.transaction((): AckResult => {
    const entries = Object.values(store.state().entries);
    const e = entries.find((x) => x.alertId === cmd.alertId);
    if (!e) return { error: "NOT_FOUND", message: `alert ${cmd.alertId} is not held by its monitor any more` };
    const acks = store.acks();
    const current = acks[e.signalKey] ?? null;
    if (kind === "acknowledge") {
      const target = ackTarget(entries, cmd.alertId);
      if (!target)
        return {
          error: "CONFLICT",
          message: `alert ${cmd.alertId} is ${e.state}: only a firing alert can be acknowledged`,
        };
      if (current) return { ack: current, changed: false }; // already acknowledged: the first one stands
      const ack: Ack = {
        alertId: cmd.alertId,
        signalKey: e.signalKey,
        severity: e.severity,
        by: cmd.by,
        at: cmd.at,
        comment: cmd.comment,
      };
      store.setAcks({ ...acks, [e.signalKey]: ack });
      commit(store, def, entries, e, ack, cmd, channels, publicUrl, kind);
      return { ack, changed: true };
    }
    if (!current) return { ack: null, changed: false };
    const { [e.signalKey]: _gone, ...rest } = acks;
    store.setAcks(rest);
    commit(store, def, entries, e, null, cmd, channels, publicUrl, kind);
    return { ack: null, changed: true };
  });
}

function commit(
  store: MonitorStore,
  def: MonitorDef,
  entries: SignalSeverityState[],
  e: SignalSeverityState,
  ack: Ack | null,
  cmd: AckCommand,
  channels: Channel[],
  publicUrl: string,
  kind: "acknowledge" | "unacknowledge",
): void {
  const muted = store.muted();
  const inhibited = store.inhibited();
  // Every open entry of the signal shows the acknowledgement (warning and critical share one page).
  const records = entries
    .filter((x) => x.signalKey === e.signalKey && x.alertId)
    .map((x) =>
      alertRecord(
        def,
        x,
        muted[x.alertId!] ?? false,
        x.lastEvalAt,
        isOpen(x) ? ack : null,
        inhibited[x.alertId!] ?? [],
      ),
    );
  records.forEach((r) => store.addPendingAlert(r));
  const alert = records.find((r) => r.id === cmd.alertId) ?? null;
  store.addPendingEvent(["alerts", `monitor:${def.id}`], {
    kind: kind === "acknowledge" ? "alert.acknowledged" : "alert.unacknowledged",
    data: {
      alertId: cmd.alertId,
      monitorId: def.id,
      by: cmd.by,
      at: cmd.at,
      comment: cmd.comment,
      reason: "person",
      alert,
    },
  });
  const sent = store.sent()[e.signalKey];
  if (sent?.status !== "firing") return; // nothing went out: nobody downstream to tell
  const seq = store.notifySeq() + 1;
  store.setNotifySeq(seq);
  const ctx = {
    ...notificationContext(def, e, { kind, severity: sent.severity, alertId: sent.alertId }, cmd.at, publicUrl),
    ack: { by: cmd.by.handle, comment: cmd.comment },
  };
  for (const ch of channels)
    if (def.channels.includes(ch.id) && acksForChannel(ch.kind, kind))
      store.enqueue({
        id: `${def.id}:n${seq}:${ch.id}`,
        channelId: ch.id,
        alertId: cmd.alertId,
        ctx,
        attempts: 0,
        nextAttemptAt: cmd.at,
      });
}

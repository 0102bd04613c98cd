import type { MonitorDef } from "../../core/contracts/alerting";
import type { Transition } from "../../core/alerting/types";
import { mirrorStatements } from "../../platform/db/alerts";
import { backoffMs, deliver, MAX_ATTEMPTS } from "../../platform/notifiers/deliver";
import { getChannels } from "../../platform/db/monitors";
import { insertChangeEvent } from "../../platform/db/change-events";
import type { Env } from "../../platform/env";
import { publish } from "../../platform/live/publish";
import type { MonitorStore } from "./store";

/** Sends per alarm: bounds subrequests and wall time even when a storm of signals changes at once. */
const MAX_SENDS_PER_ALARM = 25;

/** Upsert alert rows and insert transitions (deterministic ids), then record each transition as a change event. */
export async function mirrorToD1(env: Env, store: MonitorStore, def: MonitorDef): Promise<void> {
  const alerts = store.pendingAlerts();
  const transitions = store.pendingTransitions();
  if (!alerts.length && !transitions.length) return;
  const stmts = mirrorStatements(env.DB, alerts, transitions, def.id);
  if (stmts.length) await env.DB.batch(stmts);
  for (const t of transitions) await recordChangeEvent(env, def, t);
  store.clearMirrored(alerts, transitions);
}

async function recordChangeEvent(env: Env, def: MonitorDef, t: Transition): Promise<void> {
  const where = Object.entries(t.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  try {
    await insertChangeEvent(env.DB, {
      id: `chg_${t.id}`,
      title: `${def.name} ${t.severity} ${t.to}${where ? ` (${where})` : ""}`.slice(0, 100),
      source: "Vigil alerting",
      category: "alerts",
      type: `alert_${t.to}`,
      happenedAt: t.at,
      labels: { ...t.labels, monitor: def.slug, severity: t.severity },
      payload: {
        alertId: t.alertId,
        monitorId: def.id,
        from: t.from,
        to: t.to,
        value: t.value,
        ...(t.catchUp ? { catchUp: true } : {}),
      },
      createdBy: "vigil-alerting",
    });
  } catch (err) {
    // Already recorded by an earlier attempt of this mirror: the id is the transition's.
    if (!/UNIQUE|constraint/i.test(String(err))) throw err;
  }
}

/** Send due outbox rows. A row is marked after each attempt, and every attempt is logged per alert in D1. */
export async function flushOutbox(env: Env, store: MonitorStore, now: number, publicUrl: string): Promise<void> {
  store.pruneOutbox(now - 86_400_000);
  const due = store.dueOutbox(now, MAX_SENDS_PER_ALARM);
  if (!due.length) return;
  const channels = new Map(
    (await getChannels(env.DB, [...new Set(due.map((d) => d.channelId))])).map((c) => [c.id, c]),
  );
  for (const row of due) {
    const attempt = row.attempts + 1;
    const channel = channels.get(row.channelId);
    const outcome = channel
      ? await deliver(channel, row.ctx, { publicUrl })
      : ({ status: "failed", httpStatus: null, error: `channel ${row.channelId} no longer exists` } as const);
    const giveUp = outcome.status === "retry" && attempt >= MAX_ATTEMPTS;
    const status = outcome.status === "sent" ? "sent" : outcome.status === "failed" || giveUp ? "failed" : "pending";
    const error = outcome.status === "sent" ? null : outcome.error;
    store.markOutbox(row.id, status, attempt, status === "pending" ? now + backoffMs(attempt) : now, error);
    await env.DB.prepare(
      `INSERT OR IGNORE INTO notification_deliveries (id, outbox_id, alert_id, monitor_id, channel_id, channel_kind, kind, status, http_status, attempt, error, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
      .bind(
        `${row.id}#${attempt}`,
        row.id,
        row.alertId,
        row.ctx.monitor.id,
        row.channelId,
        channel?.kind ?? "unknown",
        row.ctx.kind,
        status === "pending" ? "retrying" : status,
        outcome.httpStatus,
        attempt,
        error,
        now,
      )
      .run();
  }
}

/** Push committed events to the live feed, oldest first; each is deleted only once the feed has stored it. */
export async function publishPending(env: Env, store: MonitorStore): Promise<void> {
  for (const ev of store.pendingEvents()) {
    await publish(env, ev.topics, ev.event);
    store.deleteEvent(ev.seq);
  }
}

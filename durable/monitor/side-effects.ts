import type { HealthView } from "../../core/alerting/health";
import type { MonitorDef } from "../../core/contracts/alerting";
import type { Transition } from "../../core/alerting/types";
import { mirrorStatements } from "../../platform/db/alerts";
import { changeEventStatement } from "../../platform/db/change-events";
import { deliveryStatement } from "../../platform/db/deliveries";
import { healthStatement } from "../../platform/db/monitor-health";
import { getChannels } from "../../platform/db/monitors";
import { d1PushDirectory } from "../../platform/db/push-directory";
import { config, type Env } from "../../platform/env";
import { publishBatch } from "../../platform/live/publish";
import { backoffMs, deliver, MAX_ATTEMPTS } from "../../platform/notifiers/deliver";
import { deliverPerIncident } from "../../platform/oncall/incident-pages";
import type { MonitorStore } from "./store";

/** Sends per alarm: bounds subrequests and wall time even when a storm of signals changes at once. */
const MAX_SENDS_PER_ALARM = 25;
/** Rows per alarm batch: alert upserts, transitions (each with its change event), deliveries. */
const MAX_ROWS_PER_BATCH = 100;
/** Health is rewritten in D1 when it changes, and otherwise at most this often (for "last check" in lists). */
const HEALTH_REFRESH_MS = 60_000;

/** A per-incident row whose alert could not reach D1 this alarm waits this long before it is tried again. */
const AWAIT_MIRROR_MS = 5_000;

/**
 * Send due outbox rows. Each attempt is marked in SQLite at once and its log row queued for the alarm's batch.
 * A row for a channel paging per incident needs its alert's latest row in D1 (grouping and the incident's firing
 * alerts are read there), so while that row waits for the mirror it is left for the flush after it (`afterMirror`
 * false), or put off a little (true: the mirror failed). Returns how many rows were left waiting.
 */
export async function flushOutbox(
  env: Env,
  store: MonitorStore,
  now: number,
  publicUrl: string,
  afterMirror = false,
): Promise<number> {
  store.pruneOutbox(now - 86_400_000);
  const due = store.dueOutbox(now, MAX_SENDS_PER_ALARM);
  if (!due.length) return 0;
  const channels = new Map(
    (await getChannels(env.DB, [...new Set(due.map((d) => d.channelId))])).map((c) => [c.id, c]),
  );
  const push = d1PushDirectory(env.DB, config(env).vapid);
  let waiting = 0;
  for (const row of due) {
    const attempt = row.attempts + 1;
    const channel = channels.get(row.channelId);
    const perIncident = channel?.notifyPer === "incident";
    if (perIncident && store.awaitsMirror(row.alertId)) {
      waiting++;
      if (afterMirror) store.markOutbox(row.id, "pending", row.attempts, now + AWAIT_MIRROR_MS, "waiting for D1");
      continue;
    }
    const send = (ctx: typeof row.ctx) => deliver(channel!, ctx, { publicUrl, deliveryId: row.id, push });
    const outcome = !channel
      ? ({ status: "failed", httpStatus: null, error: `channel ${row.channelId} no longer exists` } as const)
      : perIncident
        ? await deliverPerIncident(env, channel, row, now, publicUrl, send)
        : await send(row.ctx);
    const giveUp = outcome.status === "retry" && attempt >= MAX_ATTEMPTS;
    const status = outcome.status === "sent" ? "sent" : outcome.status === "failed" || giveUp ? "failed" : "pending";
    const error = outcome.status === "sent" ? null : outcome.error;
    const detail = outcome.status === "sent" ? (outcome.detail ?? null) : null;
    store.transaction(() => {
      store.markOutbox(row.id, status, attempt, status === "pending" ? now + backoffMs(attempt) : now, error);
      store.addPendingDelivery({
        id: `${row.id}#${attempt}`,
        outboxId: row.id,
        alertId: row.alertId,
        monitorId: row.ctx.monitor.id,
        channelId: row.channelId,
        channelKind: channel?.kind ?? "unknown",
        kind: row.ctx.kind,
        status: status === "pending" ? "retrying" : status,
        httpStatus: outcome.httpStatus,
        attempt,
        error,
        detail,
        at: now,
      });
    });
  }
  return waiting;
}

/**
 * Everything this alarm has to write to D1, in ONE batch: alert upserts and transitions (deterministic ids),
 * one `alerts` change event per transition, the delivery log, and the monitor's health when it changed.
 * Every statement is idempotent, so a batch repeated after a crash is harmless; rows are forgotten only
 * once the batch has committed.
 */
export async function mirrorToD1(env: Env, store: MonitorStore, def: MonitorDef, now: number): Promise<number> {
  const alerts = store.pendingAlerts(MAX_ROWS_PER_BATCH);
  const transitions = store.pendingTransitions(MAX_ROWS_PER_BATCH);
  const deliveries = store.pendingDeliveries(MAX_ROWS_PER_BATCH);
  const health = store.health();
  const mirrored = store.mirroredHealth();
  const healthDue =
    health !== null && (!mirrored || healthChanged(mirrored.view, health) || now - mirrored.at >= HEALTH_REFRESH_MS);
  const stmts = [
    ...mirrorStatements(env.DB, alerts, transitions, def.id),
    ...transitions.map((t) => changeEventStatement(env.DB, changeEventOf(def, t))),
    ...deliveries.map((d) => deliveryStatement(env.DB, d)),
    ...(healthDue ? [healthStatement(env.DB, def.id, health, now)] : []),
  ];
  if (!stmts.length) return 0;
  await env.DB.batch(stmts);
  store.transaction(() => {
    store.clearMirrored(alerts, transitions);
    store.clearDeliveries(deliveries.map((d) => d.id));
    if (healthDue) store.setMirroredHealth({ view: health, at: now });
  });
  return stmts.length;
}

/** What lists show prominently; check times and durations are refreshed on the slower beat. */
function healthChanged(a: HealthView, b: HealthView): boolean {
  return (
    a.health !== b.health ||
    a.lastError !== b.lastError ||
    a.lastErrorAt !== b.lastErrorAt ||
    a.failures !== b.failures ||
    a.failingSince !== b.failingSince
  );
}

function changeEventOf(def: MonitorDef, t: Transition) {
  const where = Object.entries(t.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  return {
    id: `chg_${t.id}`,
    title: `${def.name} ${t.severity} ${t.to}${where ? ` (${where})` : ""}`.slice(0, 100),
    source: "Vigil alerting",
    category: "alerts" as const,
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
  };
}

/** Push committed events to the live feed in ONE call, oldest first; deleted once the feed has stored them. */
export async function publishPending(env: Env, store: MonitorStore): Promise<number> {
  const events = store.pendingEvents(500);
  if (!events.length) return 0;
  await publishBatch(
    env,
    events.map((e) => ({ topics: e.topics, event: e.event })),
  );
  store.deleteEventsThrough(events[events.length - 1].seq);
  return events.length;
}

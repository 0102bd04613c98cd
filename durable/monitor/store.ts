import type { MonitorDef } from "../../core/contracts/alerting";
import type { SentRecord } from "../../core/alerting/notify-plan";
import { emptyState, type MonitorState, type Transition } from "../../core/alerting/types";
import type { NotificationContext } from "../../core/notify/types";
import type { Ack } from "../../core/oncall/ack";
import type { AlertRecord } from "../../platform/db/alerts";
import type { HealthView } from "../../core/alerting/health";
import type { LastCheck } from "../../platform/alerting/monitor-rpc";
import type { DeliveryRecord } from "../../platform/db/deliveries";

export interface OutboxRow {
  id: string;
  channelId: string;
  alertId: string;
  ctx: NotificationContext;
  attempts: number;
  nextAttemptAt: number;
}

/**
 * The MonitorObject's SQLite: definition, evaluator state and the pending side effects (D1 mirror, live
 * events, notification outbox). A check writes all of it in one transaction, so after a crash the object
 * resumes exactly where the last committed check left it.
 */
export class MonitorStore {
  constructor(private readonly storage: DurableObjectStorage) {
    const sql = storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    sql.exec("CREATE TABLE IF NOT EXISTS pending_alerts (alert_id TEXT PRIMARY KEY, record TEXT NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS pending_transitions (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, body TEXT NOT NULL)",
    );
    sql.exec(
      "CREATE TABLE IF NOT EXISTS pending_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, topics TEXT NOT NULL, event TEXT NOT NULL)",
    );
    // Delivery attempts waiting for the alarm's one D1 batch (notification_deliveries rows).
    sql.exec("CREATE TABLE IF NOT EXISTS pending_deliveries (id TEXT PRIMARY KEY, body TEXT NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS outbox (id TEXT PRIMARY KEY, channel_id TEXT NOT NULL, alert_id TEXT NOT NULL, ctx TEXT NOT NULL, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, status TEXT NOT NULL, last_error TEXT)",
    );
  }

  private get<T>(key: string): T | null {
    const rows = this.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray();
    return rows.length ? (JSON.parse(rows[0].value) as T) : null;
  }
  private set(key: string, value: unknown): void {
    this.storage.sql.exec(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      key,
      JSON.stringify(value),
    );
  }

  def = () => this.get<MonitorDef>("def");
  setDef = (d: MonitorDef) => this.set("def", d);
  state = () => this.get<MonitorState>("state") ?? emptyState();
  setState = (s: MonitorState) => this.set("state", s);
  nextCheckAt = () => this.get<number>("next_check_at");
  setNextCheckAt = (t: number) => this.set("next_check_at", t);
  sent = () => this.get<Record<string, SentRecord>>("sent") ?? {};
  setSent = (s: Record<string, SentRecord>) => this.set("sent", s);
  muted = () => this.get<Record<string, boolean>>("muted") ?? {};
  setMuted = (m: Record<string, boolean>) => this.set("muted", m);
  inhibited = () => this.get<Record<string, string[]>>("inhibited") ?? {};
  setInhibited = (m: Record<string, string[]>) => this.set("inhibited", m);
  notifySeq = () => this.get<number>("notify_seq") ?? 0;
  setNotifySeq = (n: number) => this.set("notify_seq", n);
  /** Set when the object is first armed: the next check first replays the recent past (see catch-up.ts). */
  catchUpPending = () => this.get<boolean>("catch_up") ?? false;
  setCatchUpPending = (v: boolean) => this.set("catch_up", v);
  /** Acknowledgements by signal key (core/oncall/ack.ts). */
  acks = () => this.get<Record<string, Ack>>("acks") ?? {};
  setAcks = (a: Record<string, Ack>) => this.set("acks", a);
  /** Alert id -> the mute end it was warned about (core/oncall/mute-expiry.ts). */
  muteWarned = () => this.get<Record<string, number>>("mute_warned") ?? {};
  setMuteWarned = (w: Record<string, number>) => this.set("mute_warned", w);
  lastCheck = () => this.get<LastCheck>("last_check");
  setLastCheck = (c: LastCheck) => this.set("last_check", c);
  /** A missing series is not evidence until then: this object's checks ran late (Vigil was down) just before. */
  dataGapUntil = () => this.get<number>("data_gap_until");
  setDataGapUntil = (t: number) => this.set("data_gap_until", t);
  health = () => this.get<HealthView>("health");
  setHealth = (h: HealthView) => this.set("health", h);
  /** The health last written to D1 and when (D1 is refreshed on change, and at most once a minute otherwise). */
  mirroredHealth = () => this.get<{ view: HealthView; at: number }>("health_mirrored");
  setMirroredHealth = (m: { view: HealthView; at: number }) => this.set("health_mirrored", m);

  transaction<T>(fn: () => T): T {
    return this.storage.transactionSync(fn);
  }

  addPendingAlert(r: AlertRecord): void {
    this.storage.sql.exec(
      "INSERT INTO pending_alerts (alert_id, record) VALUES (?, ?) ON CONFLICT(alert_id) DO UPDATE SET record = excluded.record",
      r.id,
      JSON.stringify(r),
    );
  }
  /** The alert's latest row is not in D1 yet. */
  awaitsMirror(alertId: string): boolean {
    return this.storage.sql.exec("SELECT 1 FROM pending_alerts WHERE alert_id = ?", alertId).toArray().length > 0;
  }
  pendingAlerts(limit = 200): AlertRecord[] {
    return this.storage.sql
      .exec<{ record: string }>("SELECT record FROM pending_alerts LIMIT ?", limit)
      .toArray()
      .map((r) => JSON.parse(r.record) as AlertRecord);
  }
  addPendingTransition(t: Transition, seq: number): void {
    this.storage.sql.exec(
      "INSERT OR IGNORE INTO pending_transitions (id, seq, body) VALUES (?, ?, ?)",
      t.id,
      seq,
      JSON.stringify(t),
    );
  }
  pendingTransitions(limit = 200): Transition[] {
    return this.storage.sql
      .exec<{ body: string }>("SELECT body FROM pending_transitions ORDER BY seq LIMIT ?", limit)
      .toArray()
      .map((r) => JSON.parse(r.body) as Transition);
  }
  /** Forget mirrored rows, but only the versions that were mirrored (a newer record may have replaced one meanwhile). */
  clearMirrored(alerts: AlertRecord[], transitions: Transition[]): void {
    for (const a of alerts)
      this.storage.sql.exec("DELETE FROM pending_alerts WHERE alert_id = ? AND record = ?", a.id, JSON.stringify(a));
    for (const t of transitions) this.storage.sql.exec("DELETE FROM pending_transitions WHERE id = ?", t.id);
  }

  addPendingEvent(topics: string[], event: unknown): void {
    this.storage.sql.exec(
      "INSERT INTO pending_events (topics, event) VALUES (?, ?)",
      JSON.stringify(topics),
      JSON.stringify(event),
    );
  }
  pendingEvents(
    limit = 200,
  ): { seq: number; topics: string[]; event: { kind: string; data: Record<string, unknown> } }[] {
    return this.storage.sql
      .exec<{ seq: number; topics: string; event: string }>("SELECT * FROM pending_events ORDER BY seq LIMIT ?", limit)
      .toArray()
      .map((r) => ({ seq: r.seq, topics: JSON.parse(r.topics), event: JSON.parse(r.event) }));
  }
  /** Events are published in seq order, so everything up to the last one published goes at once. */
  deleteEventsThrough(seq: number): void {
    this.storage.sql.exec("DELETE FROM pending_events WHERE seq <= ?", seq);
  }
  /** Anything left for the side effects to do (mirror, deliveries log, live events)? */
  hasPendingSideEffects(): boolean {
    const r = this.storage.sql
      .exec<{ n: number }>(
        "SELECT (SELECT COUNT(*) FROM pending_alerts) + (SELECT COUNT(*) FROM pending_transitions) + (SELECT COUNT(*) FROM pending_events) + (SELECT COUNT(*) FROM pending_deliveries) AS n",
      )
      .one();
    return r.n > 0;
  }

  addPendingDelivery(d: DeliveryRecord): void {
    this.storage.sql.exec(
      "INSERT OR REPLACE INTO pending_deliveries (id, body) VALUES (?, ?)",
      d.id,
      JSON.stringify(d),
    );
  }
  pendingDeliveries(limit: number): DeliveryRecord[] {
    return this.storage.sql
      .exec<{ body: string }>("SELECT body FROM pending_deliveries ORDER BY rowid LIMIT ?", limit)
      .toArray()
      .map((r) => JSON.parse(r.body) as DeliveryRecord);
  }
  clearDeliveries(ids: string[]): void {
    for (const id of ids) this.storage.sql.exec("DELETE FROM pending_deliveries WHERE id = ?", id);
  }

  enqueue(row: OutboxRow): void {
    this.storage.sql.exec(
      "INSERT OR IGNORE INTO outbox (id, channel_id, alert_id, ctx, attempts, next_attempt_at, status) VALUES (?, ?, ?, ?, 0, ?, 'pending')",
      row.id,
      row.channelId,
      row.alertId,
      JSON.stringify(row.ctx),
      row.nextAttemptAt,
    );
  }
  dueOutbox(now: number, limit: number): OutboxRow[] {
    return this.storage.sql
      .exec<{
        id: string;
        channel_id: string;
        alert_id: string;
        ctx: string;
        attempts: number;
        next_attempt_at: number;
      }>(
        "SELECT * FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
        now,
        limit,
      )
      .toArray()
      .map((r) => ({
        id: r.id,
        channelId: r.channel_id,
        alertId: r.alert_id,
        ctx: JSON.parse(r.ctx),
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
      }));
  }
  nextOutboxAt(): number | null {
    const r = this.storage.sql
      .exec<{ t: number | null }>("SELECT MIN(next_attempt_at) AS t FROM outbox WHERE status = 'pending'")
      .one();
    return r.t ?? null;
  }
  markOutbox(
    id: string,
    status: "pending" | "sent" | "failed",
    attempts: number,
    nextAttemptAt: number,
    error: string | null,
  ): void {
    this.storage.sql.exec(
      "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
      status,
      attempts,
      nextAttemptAt,
      error,
      id,
    );
  }
  outbox(): { id: string; status: string; attempts: number; last_error: string | null }[] {
    return this.storage.sql
      .exec<{ id: string; status: string; attempts: number; last_error: string | null }>(
        "SELECT id, status, attempts, last_error FROM outbox ORDER BY rowid DESC LIMIT 100",
      )
      .toArray();
  }
  /** Delivered rows are kept a day for the debugging view, then dropped. */
  pruneOutbox(before: number): void {
    this.storage.sql.exec("DELETE FROM outbox WHERE status != 'pending' AND next_attempt_at < ?", before);
  }
}

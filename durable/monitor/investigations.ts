// The monitor's queue of investigations (issue 14 §5): a firing transition enqueues one in the same SQLite
// transaction as the check, and the alarm runs it only after the notification went out, so the page is never
// delayed by it. The finished likely cause is kept here too: later notifications of the alert carry it.
import type { MonitorDef } from "../../core/contracts/alerting";
import type { SentRecord } from "../../core/alerting/notify-plan";
import type { MonitorState, Transition } from "../../core/alerting/types";
import type { FiringAlert, LikelyCause } from "../../core/ddx/investigation";
import type { Env } from "../../platform/env";
import { investigate } from "../../platform/ddx/investigate";
import { alertLabels, notificationContext } from "./records";
import type { OutboxRow } from "./store";

/** Per alarm: a storm of firing signals must not hold the alarm for minutes. The rest wait for the next one. */
const MAX_PER_ALARM = 2;
/** An investigation that failed this many times is dropped (its failure is stored with the alert). */
const MAX_ATTEMPTS = 3;

export class InvestigationQueue {
  constructor(private readonly storage: DurableObjectStorage) {
    storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS investigations (alert_id TEXT PRIMARY KEY, alert TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL DEFAULT 0, cause TEXT, at INTEGER NOT NULL)",
    );
  }

  /** Call inside the check's transaction: one investigation per alert that started firing. */
  enqueue(def: MonitorDef, state: MonitorState, transitions: Transition[]): void {
    for (const t of transitions) {
      if (t.to !== "firing" || !t.alertId) continue;
      const e = Object.values(state.entries).find((x) => x.alertId === t.alertId);
      if (e?.state !== "firing") continue; // an episode replayed by catch-up that is already over
      const alert: FiringAlert = {
        alertId: t.alertId,
        monitorId: def.id,
        query: def.query,
        signalLabels: t.labels,
        labels: alertLabels(def, { labels: t.labels, severity: t.severity }),
        startedAt: e?.activeAt ?? t.at,
        firingAt: t.at,
      };
      this.storage.sql.exec(
        "INSERT OR IGNORE INTO investigations (alert_id, alert, at) VALUES (?, ?, ?)",
        t.alertId,
        JSON.stringify(alert),
        t.at,
      );
    }
  }

  /** Run what is due. Each is stored in D1 by `investigate`; failures are retried by later alarms. Returns the
   * likely causes found. */
  async run(env: Env): Promise<{ alertId: string; cause: LikelyCause }[]> {
    const found: { alertId: string; cause: LikelyCause }[] = [];
    this.storage.sql.exec("DELETE FROM investigations WHERE at < ?", Date.now() - 7 * 86_400_000);
    const due = this.storage.sql
      .exec<{ alert_id: string; alert: string; attempts: number }>(
        "SELECT alert_id, alert, attempts FROM investigations WHERE done = 0 ORDER BY at LIMIT ?",
        MAX_PER_ALARM,
      )
      .toArray();
    for (const row of due) {
      this.storage.sql.exec("UPDATE investigations SET attempts = attempts + 1 WHERE alert_id = ?", row.alert_id);
      const out = await investigate(env, JSON.parse(row.alert) as FiringAlert);
      const finished = out.status !== "failed" || row.attempts + 1 >= MAX_ATTEMPTS;
      this.storage.sql.exec(
        "UPDATE investigations SET done = ?, cause = ? WHERE alert_id = ?",
        finished ? 1 : 0,
        out.likelyCause ? JSON.stringify(out.likelyCause) : null,
        row.alert_id,
      );
      if (out.likelyCause) found.push({ alertId: row.alert_id, cause: out.likelyCause });
    }
    return found;
  }

  /** Likely causes found so far, by alert id, for the notifications still to send. */
  causes(alertIds: string[]): Map<string, LikelyCause> {
    const out = new Map<string, LikelyCause>();
    for (const id of new Set(alertIds)) {
      const r = this.storage.sql
        .exec<{ cause: string | null }>("SELECT cause FROM investigations WHERE alert_id = ?", id)
        .toArray()[0];
      if (r?.cause) out.set(id, JSON.parse(r.cause) as LikelyCause);
    }
    return out;
  }
}

/** The page again, with the likely cause, on every channel of the monitor: only while the alert is still firing,
 * paged and not muted. Deterministic ids, so a retried alarm enqueues nothing twice. */
export function followUps(
  p: {
    def: MonitorDef;
    state: MonitorState;
    sent: Record<string, SentRecord>;
    muted: Record<string, boolean>;
    publicUrl: string;
  },
  found: { alertId: string; cause: LikelyCause }[],
  now: number,
): OutboxRow[] {
  const rows: OutboxRow[] = [];
  const base = p.publicUrl.replace(/\/$/, "");
  for (const { alertId, cause } of found) {
    const e = Object.values(p.state.entries).find((x) => x.alertId === alertId && x.state === "firing");
    const sent = e && p.sent[e.signalKey];
    if (!e || !sent || sent.alertId !== alertId || sent.status !== "firing" || p.muted[alertId]) continue;
    const ctx = {
      ...notificationContext(p.def, e, { kind: "update", severity: sent.severity, alertId }, now, p.publicUrl),
      likelyCause: { text: cause.text, url: `${base}${cause.href}` },
    };
    for (const channelId of p.def.channels)
      rows.push({ id: `${alertId}:cause:${channelId}`, channelId, alertId, ctx, attempts: 0, nextAttemptAt: now });
  }
  return rows;
}

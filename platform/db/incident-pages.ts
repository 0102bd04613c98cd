// incident_pages (0107): one page per incident and per-incident channel, claimed by the first outbox row that gets
// there. Every step writes the owning outbox row's id, then reads the row back: a step is ours to send when the row
// names us, which holds across retries and restarts (outbox ids are deterministic and kept until delivered).

export interface IncidentPage {
  incidentId: string;
  channelId: string;
  state: "triggered" | "resolved";
  alertId: string;
  pagedBy: string;
  ackedBy: string | null;
  unackedBy: string | null;
  resolvedBy: string | null;
}

interface Row {
  incident_id: string;
  channel_id: string;
  state: "triggered" | "resolved";
  alert_id: string;
  paged_by: string;
  acked_by: string | null;
  unacked_by: string | null;
  resolved_by: string | null;
}

export async function getIncidentPage(db: D1Database, incidentId: string, channelId: string) {
  const r = await db
    .prepare("SELECT * FROM incident_pages WHERE incident_id = ? AND channel_id = ?")
    .bind(incidentId, channelId)
    .first<Row>();
  if (!r) return null;
  return {
    incidentId: r.incident_id,
    channelId: r.channel_id,
    state: r.state,
    alertId: r.alert_id,
    pagedBy: r.paged_by,
    ackedBy: r.acked_by,
    unackedBy: r.unacked_by,
    resolvedBy: r.resolved_by,
  } satisfies IncidentPage;
}

/**
 * The claim: the first row inserts the page. A page resolved earlier is opened again by an alert joining the still
 * open incident afterwards (it is news again); an open page is left alone. In the same batch the alert is recorded
 * as one the page speaks for.
 */
export async function claimTrigger(
  db: D1Database,
  incidentId: string,
  channelId: string,
  alertId: string,
  outboxId: string,
  now: number,
): Promise<void> {
  const claim = db
    .prepare(
      `INSERT INTO incident_pages (incident_id, channel_id, state, alert_id, paged_by, updated_at)
       VALUES (?, ?, 'triggered', ?, ?, ?)
       ON CONFLICT (incident_id, channel_id) DO UPDATE SET state = 'triggered', alert_id = excluded.alert_id,
         paged_by = excluded.paged_by, acked_by = NULL, unacked_by = NULL, resolved_by = NULL,
         updated_at = excluded.updated_at
       WHERE incident_pages.state = 'resolved'`,
    )
    .bind(incidentId, channelId, alertId, outboxId, now);
  const cover = db
    .prepare("INSERT OR IGNORE INTO incident_page_alerts (channel_id, alert_id, incident_id) VALUES (?, ?, ?)")
    .bind(channelId, alertId, incidentId);
  await db.batch([claim, cover]);
}

/** Whether the incident's page on this channel speaks for the alert (it paged, or was grouped into it). */
export async function pageCovers(db: D1Database, incidentId: string, channelId: string, alertId: string) {
  const r = await db
    .prepare("SELECT 1 AS y FROM incident_page_alerts WHERE channel_id = ? AND alert_id = ? AND incident_id = ?")
    .bind(channelId, alertId, incidentId)
    .first<{ y: number }>();
  return r !== null;
}

export async function claimResolve(
  db: D1Database,
  incidentId: string,
  channelId: string,
  outboxId: string,
  now: number,
) {
  await db
    .prepare(
      "UPDATE incident_pages SET state = 'resolved', resolved_by = ?, updated_at = ? WHERE incident_id = ? AND channel_id = ? AND state = 'triggered'",
    )
    .bind(outboxId, now, incidentId, channelId)
    .run();
}

export async function claimAck(db: D1Database, incidentId: string, channelId: string, outboxId: string, now: number) {
  await db
    .prepare(
      "UPDATE incident_pages SET acked_by = ?, updated_at = ? WHERE incident_id = ? AND channel_id = ? AND state = 'triggered' AND acked_by IS NULL",
    )
    .bind(outboxId, now, incidentId, channelId)
    .run();
}

export async function claimUnack(db: D1Database, incidentId: string, channelId: string, outboxId: string, now: number) {
  await db
    .prepare(
      "UPDATE incident_pages SET acked_by = NULL, unacked_by = ?, updated_at = ? WHERE incident_id = ? AND channel_id = ? AND state = 'triggered' AND acked_by IS NOT NULL",
    )
    .bind(outboxId, now, incidentId, channelId)
    .run();
}

/** The incident's alerts still firing whose monitor notifies this channel: the page stays open while there are any. */
export async function firingOnChannel(db: D1Database, incidentId: string, channelId: string): Promise<number> {
  const r = await db
    .prepare(
      `SELECT COUNT(*) AS n FROM incident_alerts x JOIN alerts a ON a.id = x.alert_id JOIN monitors m ON m.id = a.monitor_id
       WHERE x.incident_id = ? AND a.state = 'firing'
         AND EXISTS (SELECT 1 FROM json_each(m.definition, '$.channels') c WHERE c.value = ?)`,
    )
    .bind(incidentId, channelId)
    .first<{ n: number }>();
  return r?.n ?? 0;
}

/** One notification attempt, as logged per alert in `notification_deliveries`. */
export interface DeliveryRecord {
  id: string; // <outbox id>#<attempt>: a retried batch is a no-op
  outboxId: string;
  alertId: string;
  monitorId: string;
  channelId: string;
  channelKind: string;
  kind: string;
  status: "sent" | "retrying" | "failed";
  httpStatus: number | null;
  attempt: number;
  error: string | null;
  /** What a fan-out did on a successful attempt ("2 devices paged"): not an error. */
  detail?: string | null;
  at: number;
}

export function deliveryStatement(db: D1Database, d: DeliveryRecord): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO notification_deliveries (id, outbox_id, alert_id, monitor_id, channel_id, channel_kind, kind, status, http_status, attempt, error, detail, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      d.id,
      d.outboxId,
      d.alertId,
      d.monitorId,
      d.channelId,
      d.channelKind,
      d.kind,
      d.status,
      d.httpStatus,
      d.attempt,
      d.error,
      d.detail ?? null,
      d.at,
    );
}

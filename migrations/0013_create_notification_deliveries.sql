-- Delivery log per alert: every attempt to send a notification, with its outcome.
CREATE TABLE notification_deliveries (
  id           TEXT PRIMARY KEY,         -- <outbox id>#<attempt>
  outbox_id    TEXT NOT NULL,
  alert_id     TEXT NOT NULL,
  monitor_id   TEXT NOT NULL,
  channel_id   TEXT NOT NULL,
  channel_kind TEXT NOT NULL,
  kind         TEXT NOT NULL,            -- trigger | repeat | resolve
  status       TEXT NOT NULL,            -- sent | retrying | failed
  http_status  INTEGER,
  attempt      INTEGER NOT NULL,
  error        TEXT,
  at           INTEGER NOT NULL
);
CREATE INDEX notification_deliveries_alert ON notification_deliveries(alert_id, at);

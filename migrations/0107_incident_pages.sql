-- A channel can page per incident instead of per alert (issue 15).
ALTER TABLE notification_channels ADD COLUMN notify_per TEXT NOT NULL DEFAULT 'alert'; -- alert | incident

-- One page per incident and per-incident channel. Monitors' outboxes race for it: the first alert's row claims it
-- with one INSERT (the primary key decides), later alerts of the incident find it taken and do not page. Each step
-- names the outbox row that owns it, so the owner's retry (after a restart, a 5xx) sends again and nobody else does.
CREATE TABLE incident_pages (
  incident_id  TEXT NOT NULL,
  channel_id   TEXT NOT NULL,
  state        TEXT NOT NULL,            -- triggered | resolved
  alert_id     TEXT NOT NULL,            -- the alert whose page this is
  paged_by     TEXT NOT NULL,            -- outbox row that sends the trigger
  acked_by     TEXT,                     -- outbox row that sends the acknowledgement (NULL: not acknowledged)
  unacked_by   TEXT,                     -- outbox row that sent the last un-acknowledgement
  resolved_by  TEXT,                     -- outbox row that sends the resolve
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (incident_id, channel_id)
);

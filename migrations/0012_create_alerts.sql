-- One row per alert instance (monitor + signal + severity, from the breach that opened it until it resolves).
-- Mirrored from each MonitorObject, which is the source of truth; writes are idempotent upserts.
CREATE TABLE alerts (
  id               TEXT PRIMARY KEY,
  monitor_id       TEXT NOT NULL,
  monitor_slug     TEXT NOT NULL,
  monitor_name     TEXT NOT NULL,
  signal_key       TEXT NOT NULL,
  signal_labels    TEXT NOT NULL,        -- JSON object
  labels           TEXT NOT NULL,        -- JSON object: the full alert labels used by muting
  annotations      TEXT NOT NULL,        -- JSON object, templated
  severity         TEXT NOT NULL,
  state            TEXT NOT NULL,        -- pending | firing | resolved | ok (cleared before firing)
  muted            INTEGER NOT NULL DEFAULT 0,
  flapping         INTEGER NOT NULL DEFAULT 0,
  started_at       INTEGER NOT NULL,
  firing_at        INTEGER,
  resolved_at      INTEGER,
  last_value       REAL,
  updated_at       INTEGER NOT NULL,
  resolution_note  TEXT,
  resolution_note_by TEXT,
  resolution_note_at INTEGER
);
CREATE INDEX alerts_state ON alerts(state, started_at);
CREATE INDEX alerts_monitor ON alerts(monitor_id, started_at);
CREATE INDEX alerts_started ON alerts(started_at);

CREATE TABLE alert_transitions (
  id          TEXT PRIMARY KEY,          -- <monitor>:t<seq>, deterministic, so a retried mirror is a no-op
  alert_id    TEXT NOT NULL,
  monitor_id  TEXT NOT NULL,
  from_state  TEXT NOT NULL,
  to_state    TEXT NOT NULL,
  at          INTEGER NOT NULL,
  value       REAL,
  flapping    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alert_transitions_alert ON alert_transitions(alert_id, at);

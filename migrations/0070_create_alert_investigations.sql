-- The investigation a monitor runs in the background when an alert fires (docs/DDX.md "Investigation at fire
-- time"): metric DDx on the alert's query for its signal, trace DDx on the affected service, the change events in
-- the window, and the one-line likely cause. Written by the monitor's Durable Object; one row per alert.
CREATE TABLE alert_investigations (
  alert_id      TEXT PRIMARY KEY,
  monitor_id    TEXT NOT NULL,
  status        TEXT NOT NULL,        -- done | failed | partial (the budget ran out before every part finished)
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER NOT NULL,
  likely_cause  TEXT,                 -- JSON: core/ddx/investigation.ts LikelyCause, or NULL when no row is a cause
  body          TEXT NOT NULL,        -- JSON: the summaries of each part and their errors
  error         TEXT
);
CREATE INDEX alert_investigations_monitor ON alert_investigations(monitor_id, started_at);

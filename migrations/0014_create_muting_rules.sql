-- Muting rules (and Alertmanager silences, which are the same thing). Status is derived from the times.
CREATE TABLE muting_rules (
  id          TEXT PRIMARY KEY,
  matchers    TEXT NOT NULL,             -- JSON array of {name, op, value}
  monitor_id  TEXT,                      -- "this monitor" rules
  starts_at   INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL,
  comment     TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX muting_rules_ends ON muting_rules(ends_at);

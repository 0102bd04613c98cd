-- Inhibition rules (Alertmanager inhibit_rules): while a source alert fires, matching targets are held.
CREATE TABLE inhibit_rules (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  source_matchers  TEXT NOT NULL,         -- JSON array of {name, op, value}
  target_matchers  TEXT NOT NULL,         -- JSON array of {name, op, value}
  equal            TEXT NOT NULL,         -- JSON array of label names
  comment          TEXT NOT NULL DEFAULT '',
  created_by       TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX inhibit_rules_created ON inhibit_rules(created_at);
-- The alerts holding this one back (JSON array of alert ids), mirrored from its MonitorObject.
ALTER TABLE alerts ADD COLUMN inhibited_by TEXT NOT NULL DEFAULT '[]';

-- Monitors: the current definition (JSON, validated by core/contracts/alerting.ts) plus columns for listing.
CREATE TABLE monitors (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  collection  TEXT NOT NULL DEFAULT '',
  team        TEXT NOT NULL DEFAULT '',
  enabled     INTEGER NOT NULL DEFAULT 1,
  version     INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
-- Every saved definition, for the version history.
CREATE TABLE monitor_versions (
  monitor_id  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  changed_by  TEXT NOT NULL,
  changed_at  INTEGER NOT NULL,
  PRIMARY KEY (monitor_id, version)
);

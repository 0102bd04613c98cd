-- SLOs (issue 15). The definition is stored whole as JSON; the columns are what lists filter and sort on.
-- Roll-ups (good/total per minute) live in each SLO's Durable Object, not here.
CREATE TABLE slos (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  team_id     TEXT,
  collection  TEXT NOT NULL DEFAULT '',
  version     INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX slos_team ON slos(team_id);

CREATE TABLE slo_versions (
  slo_id      TEXT NOT NULL,
  version     INTEGER NOT NULL,
  definition  TEXT NOT NULL,
  changed_by  TEXT NOT NULL,
  changed_at  INTEGER NOT NULL,
  PRIMARY KEY (slo_id, version)
);

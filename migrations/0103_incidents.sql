-- Incidents: related alerts grouped under one commander, severity and status, with a timeline.
CREATE TABLE incidents (
  id           TEXT PRIMARY KEY,
  title        TEXT NOT NULL,
  status       TEXT NOT NULL,            -- investigating | identified | monitoring | resolved
  severity     TEXT NOT NULL,            -- sev1 (worst) .. sev4
  commander    TEXT,                     -- user id
  group_key    TEXT,                     -- JSON {label: value} the alerts were grouped by; NULL when opened by hand
  opened_by    TEXT NOT NULL,
  opened_at    INTEGER NOT NULL,
  resolved_at  INTEGER,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX incidents_opened ON incidents(opened_at);
-- At most one open grouped incident per group: concurrent grouping passes cannot open two.
CREATE UNIQUE INDEX incidents_open_group ON incidents(group_key) WHERE status != 'resolved' AND group_key IS NOT NULL;

-- An alert belongs to at most one incident.
CREATE TABLE incident_alerts (
  alert_id     TEXT PRIMARY KEY,
  incident_id  TEXT NOT NULL,
  joined_at    INTEGER NOT NULL,
  joined_by    TEXT NOT NULL             -- a user id, or 'grouping'
);
CREATE INDEX incident_alerts_incident ON incident_alerts(incident_id, joined_at);

-- What people did on the incident (alert transitions and acknowledgements are read from the alerts themselves).
CREATE TABLE incident_events (
  id           TEXT PRIMARY KEY,
  incident_id  TEXT NOT NULL,
  at           INTEGER NOT NULL,
  kind         TEXT NOT NULL,            -- opened | alert_joined | status | severity | commander | title | comment
  by           TEXT NOT NULL,
  data         TEXT NOT NULL             -- JSON
);
CREATE INDEX incident_events_incident ON incident_events(incident_id, at);

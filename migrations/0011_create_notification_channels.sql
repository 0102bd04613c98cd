-- Where notifications go. config holds secrets (routing keys, webhook URLs) and is never returned in full.
CREATE TABLE notification_channels (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,            -- pagerduty | slack | alertmanager
  config      TEXT NOT NULL,            -- JSON
  created_by  TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);

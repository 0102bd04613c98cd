-- Comments on monitors and alerts. The markdown is stored; HTML is rendered inert on read.
CREATE TABLE comments (
  id          TEXT PRIMARY KEY,
  target_kind TEXT NOT NULL,             -- monitor | alert
  target_id   TEXT NOT NULL,
  author      TEXT NOT NULL,
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX comments_target ON comments(target_kind, target_id, created_at);

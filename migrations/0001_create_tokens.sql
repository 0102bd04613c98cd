-- API tokens. Only the SHA-256 hash of a token is stored; the plain token is shown once at creation.
CREATE TABLE tokens (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  hash        TEXT NOT NULL UNIQUE,
  prefix      TEXT NOT NULL,
  scopes      TEXT NOT NULL,            -- JSON array of scopes
  created_at  INTEGER NOT NULL,         -- epoch ms
  created_by  TEXT NOT NULL,
  last_used_at INTEGER,
  revoked_at  INTEGER
);
CREATE INDEX tokens_user ON tokens(user_id);

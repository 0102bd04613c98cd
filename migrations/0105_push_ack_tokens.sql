-- Acknowledge from a notification (issue 16): a push page carries a short-lived token that can acknowledge exactly
-- one alert, once, as the person paged. Only its SHA-256 is stored; the token itself lives in the encrypted payload.
CREATE TABLE push_ack_tokens (
  hash       TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  alert_id   TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
CREATE INDEX push_ack_tokens_expiry ON push_ack_tokens(expires_at);

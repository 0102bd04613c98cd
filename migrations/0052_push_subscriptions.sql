-- Web Push (issue 16): each person's devices, and their preferences for pages. Times are epoch ms.
-- The endpoint is a capability (whoever knows it, with the keys, can push to the device): it is never returned.
CREATE TABLE push_subscriptions (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL,
  endpoint        TEXT NOT NULL UNIQUE,
  p256dh          TEXT NOT NULL,
  auth            TEXT NOT NULL,
  device_name     TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  last_success_at INTEGER,
  last_error      TEXT
);
CREATE INDEX push_subscriptions_user ON push_subscriptions(user_id);

CREATE TABLE push_preferences (
  user_id     TEXT PRIMARY KEY,
  severities  TEXT NOT NULL,   -- JSON array of critical | warning
  quiet_start TEXT,            -- HH:MM in the user's time zone, or NULL for none
  quiet_end   TEXT,
  updated_at  INTEGER NOT NULL
);

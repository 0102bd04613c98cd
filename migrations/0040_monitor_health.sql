-- Issue 17: alert state that survives the server, and monitor health everywhere.
-- An alert whose data stopped arriving while firing is in state 'nodata' since this time (its page stays open).
ALTER TABLE alerts ADD COLUMN nodata_since INTEGER;
CREATE INDEX alerts_active ON alerts(state) WHERE state IN ('pending', 'firing', 'nodata');

-- Each monitor's evaluation health, mirrored from its MonitorObject (the source of truth) for lists and walls.
CREATE TABLE monitor_health (
  monitor_id     TEXT PRIMARY KEY,
  health         TEXT NOT NULL,        -- ok | error | nodata | slow | unknown
  last_error     TEXT,                 -- the most recent evaluation error (kept after recovery, with its time)
  last_error_at  INTEGER,
  failures       INTEGER NOT NULL DEFAULT 0,  -- consecutive failed checks
  failing_since  INTEGER,
  last_check_at  INTEGER,              -- the time the last check evaluated
  last_ran_at    INTEGER,              -- when it actually ran
  eval_ms        REAL,
  series         INTEGER,
  updated_at     INTEGER NOT NULL
);

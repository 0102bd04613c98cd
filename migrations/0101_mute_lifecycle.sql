-- Recurring mute windows: Alertmanager time_intervals as given (JSON array), NULL for a plain mute.
ALTER TABLE muting_rules ADD COLUMN time_intervals TEXT;
-- The list orders by creation and filters by status in SQL (before its LIMIT).
CREATE INDEX muting_rules_created ON muting_rules(created_at);
CREATE INDEX muting_rules_starts ON muting_rules(starts_at);

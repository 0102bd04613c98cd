-- Deleted mutes are kept (for 90 days) so an incident's timeline can say who deleted one and when. Every read of
-- live or listed rules skips rows with deleted_at set; deleting stamps these instead of removing the row.
ALTER TABLE muting_rules ADD COLUMN deleted_at INTEGER;
ALTER TABLE muting_rules ADD COLUMN deleted_by TEXT;
CREATE INDEX muting_rules_deleted ON muting_rules(deleted_at) WHERE deleted_at IS NOT NULL;

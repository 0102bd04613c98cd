-- The acknowledgement an alert shows (mirrored from its MonitorObject, the source of truth):
-- JSON {by: {id, handle, name}, at, comment}, NULL when not acknowledged.
ALTER TABLE alerts ADD COLUMN ack TEXT;

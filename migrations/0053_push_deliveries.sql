-- Web Push fan-out (issue 16). A push channel pages every device of every person it names: which devices an outbox
-- row already reached, so a retry after a partial failure pages only the devices that missed it, never one twice.
CREATE TABLE push_deliveries (
  delivery_id     TEXT NOT NULL,   -- the monitor outbox row
  subscription_id TEXT NOT NULL,
  at              INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, subscription_id)
);
CREATE INDEX push_deliveries_at ON push_deliveries(at);

-- What a fan-out did on a successful attempt ("2 devices paged; 1 held by quiet hours"): not an error.
ALTER TABLE notification_deliveries ADD COLUMN detail TEXT;

-- Trace shards partitioned in time (issue 12): an epoch whose objects are one generation per UTC day
-- (`traces-<day>-<i>`). The first such epoch's active_from is when generations started; objects of earlier
-- epochs (`traces-<i>`) stay readable until their spans age out.
ALTER TABLE shard_epochs ADD COLUMN daily INTEGER NOT NULL DEFAULT 0 CHECK (daily IN (0, 1));

-- The shard map (issue 12 §3): for each signal, the epochs of its shard count. Writes go to the newest epoch
-- already active; reads consult every epoch, so changing the count moves no data and loses none.
-- Epoch 0 is written on first use with the env's count (METRIC_SHARDS / TRACE_SHARDS) and active from 0.
CREATE TABLE shard_epochs (
  signal       TEXT NOT NULL CHECK (signal IN ('metrics', 'traces')),
  epoch        INTEGER NOT NULL CHECK (epoch >= 0),
  shards       INTEGER NOT NULL CHECK (shards BETWEEN 1 AND 256),
  active_from  INTEGER NOT NULL,          -- unix ms from which writes go to this epoch
  env_shards   INTEGER NOT NULL,          -- what the env said when the epoch was added (a deploy changes it)
  source       TEXT NOT NULL CHECK (source IN ('env', 'api')),
  created_by   TEXT,                      -- user id for 'api'
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (signal, epoch)
);

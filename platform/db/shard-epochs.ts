import type { Epoch, Signal } from "../../core/shard-map/epochs";

type Row = {
  signal: Signal;
  epoch: number;
  shards: number;
  active_from: number;
  env_shards: number;
  source: Epoch["source"];
  daily: number;
};

/** Every stored epoch, oldest first, by signal. */
export async function listEpochs(db: D1Database): Promise<Record<Signal, Epoch[]>> {
  const { results } = await db
    .prepare(
      "SELECT signal, epoch, shards, active_from, env_shards, source, daily FROM shard_epochs ORDER BY signal, epoch",
    )
    .all<Row>();
  const out: Record<Signal, Epoch[]> = { metrics: [], traces: [] };
  for (const r of results)
    out[r.signal].push({
      epoch: r.epoch,
      shards: r.shards,
      activeFrom: r.active_from,
      envShards: r.env_shards,
      source: r.source,
      ...(r.daily ? { daily: true } : {}),
    });
  return out;
}

/** Adds an epoch unless that number exists already (another isolate got there first: its row stands). */
export async function insertEpoch(db: D1Database, signal: Signal, e: Epoch, by: string | null, now: number) {
  const r = await db
    .prepare(
      `INSERT INTO shard_epochs (signal, epoch, shards, active_from, env_shards, source, daily, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (signal, epoch) DO NOTHING`,
    )
    .bind(signal, e.epoch, e.shards, e.activeFrom, e.envShards, e.source, e.daily ? 1 : 0, by, now)
    .run();
  return r.meta.changes > 0;
}

/** Notes that the env now declares the count the newest epoch already has. */
export async function acknowledgeEnv(db: D1Database, signal: Signal, epoch: number, envShards: number) {
  await db
    .prepare("UPDATE shard_epochs SET env_shards = ? WHERE signal = ? AND epoch = ?")
    .bind(envShards, signal, epoch)
    .run();
}

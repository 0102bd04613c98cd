import { readShardCount, writeEpoch } from "../../core/shard-map/epochs";
import { shardName } from "../../core/tsdb/labels";
import type { Env } from "../env";
import { epochsOf } from "../shard-map/shard-map";

/** How many shards a write at `now` routes over: the count of the epoch active then. */
export async function writeShardCount(env: Env, now = Date.now()): Promise<number> {
  return writeEpoch(await epochsOf(env, "metrics"), now).shards;
}

/** How many objects reads consult: `shard-0` up to the largest count of any epoch (a series may have a home
 * under each epoch). */
export async function readShardCountOf(env: Env): Promise<number> {
  return readShardCount(await epochsOf(env, "metrics"));
}

/** The stub of metric shard `i` (named `shard-<i>`). */
export function shardStub(env: Env, i: number) {
  return env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(shardName(i)));
}

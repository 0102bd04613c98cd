import { shardName } from "../../core/tsdb/labels";
import { config, type Env } from "../env";

export function shardCount(env: Env): number {
  return config(env).metricShards;
}

/** The stub of metric shard `i` (named `shard-<i>`). */
export function shardStub(env: Env, i: number) {
  return env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(shardName(i)));
}

// The stored shard map, as every reader and writer of metric and trace shards sees it. The isolate keeps a copy
// for a few seconds (no D1 read per request); a new epoch activates only after that copy has surely expired
// everywhere (ACTIVATION_LEAD_MS), so a stale copy never sends a write where readers would not look.
import { ApiError } from "../../core/contracts/errors";
import {
  type Epoch,
  type EpochList,
  MAP_CACHE_MS,
  nextEpoch,
  reconcileWithEnv,
  SIGNALS,
  type Signal,
} from "../../core/shard-map/epochs";
import { activateGenerations } from "../../core/shard-map/generations";
import { acknowledgeEnv, insertEpoch, listEpochs } from "../db/shard-epochs";
import { config, type Env } from "../env";
import { shardName } from "../../core/tsdb/labels";
import type { TraceShardRpc } from "../traces/shard-rpc";

type TraceShardApi = Omit<TraceShardRpc, typeof Rpc.__DURABLE_OBJECT_BRAND>;

export type ShardMap = Record<Signal, Epoch[]>;

let cached: { at: number; map: ShardMap } | null = null;

/** The map, from the isolate's copy when it is at most MAP_CACHE_MS old. */
export async function shardMap(env: Env, now = Date.now()): Promise<ShardMap> {
  if (cached && now - cached.at < MAP_CACHE_MS && now >= cached.at) return cached.map;
  return reloadShardMap(env, now);
}

/** The stored map read now, brought in line with the env (what an admin sees; the isolate's copy is renewed). */
export async function reloadShardMap(env: Env, now = Date.now()): Promise<ShardMap> {
  const map = await loadReconciled(env, now);
  cached = { at: now, map };
  return map;
}

export async function epochsOf(env: Env, signal: Signal): Promise<EpochList> {
  return (await shardMap(env))[signal];
}

function envCounts(env: Env): Record<Signal, number> {
  const c = config(env);
  return { metrics: c.metricShards, traces: c.traceShards };
}

/** Reads the stored map and brings it in line with the env: epoch 0 on first use, a new epoch after a deploy
 * changed METRIC_SHARDS / TRACE_SHARDS. Concurrent isolates may race here: the first row of an epoch wins. */
async function loadReconciled(env: Env, now: number): Promise<ShardMap> {
  const map = await listEpochs(env.DB);
  const counts = envCounts(env);
  let changed = false;
  for (const signal of SIGNALS) {
    let list = map[signal];
    const r = reconcileWithEnv(list, counts[signal], now);
    // A new install's shards are generations from the start; an install from before the map may have spans or
    // samples in objects of the old layout, and then epoch 0 is theirs.
    if (r.kind === "create" && !(await oldLayoutHolds(env, signal, r.epoch.shards))) r.epoch.daily = true;
    if (r.kind === "create" || r.kind === "append") {
      await insertEpoch(env.DB, signal, r.epoch, null, now);
      list = [...list, r.epoch];
    } else if (r.kind === "acknowledge") await acknowledgeEnv(env.DB, signal, r.epoch, r.envShards);
    changed ||= r.kind !== "none";
    // The first load by a version with generations starts them.
    const daily = activateGenerations(list, now);
    if (daily) await insertEpoch(env.DB, signal, daily, null, now);
    changed ||= daily !== null;
  }
  return changed ? listEpochs(env.DB) : map;
}

/** Whether any object of the layout before generations (`traces-<i>`, `shard-<i>`) holds spans or series. */
async function oldLayoutHolds(env: Env, signal: Signal, shards: number): Promise<boolean> {
  const holds = (i: number): Promise<boolean> =>
    signal === "traces"
      ? (env.TRACE_SHARD.get(env.TRACE_SHARD.idFromName(`traces-${i}`)) as unknown as TraceShardApi).holdsSpans()
      : env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(shardName(i))).holdsSeries();
  const held = await Promise.all(Array.from({ length: shards }, (_, i) => holds(i)));
  return held.some(Boolean);
}

/** An admin's change of a signal's shard count: a new epoch, active after the lead time. Asking for the count
 * the newest epoch already has changes nothing. */
export async function addEpoch(
  env: Env,
  signal: Signal,
  shards: number,
  by: string,
  now = Date.now(),
): Promise<{ map: ShardMap; added: Epoch | null }> {
  const map = await loadReconciled(env, now);
  const list = map[signal];
  if (list[list.length - 1].shards === shards) {
    cached = { at: now, map };
    return { map, added: null };
  }
  const epoch = nextEpoch(list, shards, list[list.length - 1].envShards, "api", now);
  if (!(await insertEpoch(env.DB, signal, epoch, by, now)))
    throw new ApiError("CONFLICT", `epoch ${epoch.epoch} of ${signal} was added meanwhile: read the map and retry`);
  const fresh = await listEpochs(env.DB);
  cached = { at: now, map: fresh };
  return { map: fresh, added: epoch };
}

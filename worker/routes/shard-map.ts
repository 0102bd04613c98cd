// The shard map (admin): read the epochs of each signal's shard count, and add one to scale out or in.
// Adding an epoch moves no data: writes route over the new count once it is active, reads consult every epoch.
import { Hono } from "hono";
import { type ShardMapView, shardEpochInputSchema } from "../../core/contracts/shard-map";
import { type EpochList, readShardCount, SIGNALS, writeEpoch } from "../../core/shard-map/epochs";
import { generationsFrom } from "../../core/shard-map/generations";
import { LIMITS } from "../../core/tsdb/limits";
import { addEpoch, reloadShardMap, type ShardMap } from "../../platform/shard-map/shard-map";
import type { AppEnv } from "../app-env";
import { jsonBody } from "../lib/validate";
import { requireScope } from "../middleware/auth";

function signalView(epochs: EpochList, now: number) {
  const current = writeEpoch(epochs, now);
  const newest = epochs[epochs.length - 1];
  return {
    epochs: epochs.map((e) => ({
      epoch: e.epoch,
      shards: e.shards,
      activeFrom: e.activeFrom,
      current: e.epoch === current.epoch,
      source: e.source,
      daily: e.daily === true,
    })),
    writeShards: current.shards,
    readShards: readShardCount(epochs),
    pushdownFrom: epochs.length === 1 ? 0 : newest.activeFrom + LIMITS.creationGracePeriodMs,
    generationsFrom: generationsFrom(epochs),
  };
}

function view(map: ShardMap, now: number): ShardMapView {
  return Object.fromEntries(SIGNALS.map((s) => [s, signalView(map[s], now)])) as ShardMapView;
}

export const shardMapRoutes = new Hono<AppEnv>()
  .get("/admin/shard-map", requireScope("admin"), async (c) => {
    const now = Date.now();
    return c.json(view(await reloadShardMap(c.env, now), now));
  })
  .post("/admin/shard-map", requireScope("admin"), async (c) => {
    const input = await jsonBody(c, shardEpochInputSchema, 1024);
    const now = Date.now();
    const { map, added } = await addEpoch(c.env, input.signal, input.shards, c.get("principal").userId, now);
    const signal = signalView(map[input.signal], now);
    return c.json({
      ...view(map, now),
      added: added ? (signal.epochs.find((e) => e.epoch === added.epoch) ?? null) : null,
    });
  });

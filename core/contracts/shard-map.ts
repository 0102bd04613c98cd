// The shard map's API (GET/POST /api/admin/shard-map, admin): the epochs of each signal's shard count.
import { z } from "zod";

export const shardSignalSchema = z.enum(["metrics", "traces"], {
  error: "signal must be 'metrics' or 'traces'",
});

/** POST: a new shard count for one signal, active a few seconds later (once every isolate knows it). */
export const shardEpochInputSchema = z
  .object({
    signal: shardSignalSchema,
    shards: z
      .number({ error: "shards must be a number" })
      .int("shards must be an integer from 1 to 256")
      .min(1, "shards must be an integer from 1 to 256")
      .max(256, "shards must be an integer from 1 to 256"),
  })
  .strict();
export type ShardEpochInput = z.infer<typeof shardEpochInputSchema>;

export const shardEpochSchema = z.object({
  epoch: z.number().int().nonnegative(),
  shards: z.number().int().min(1).max(256),
  /** Unix ms from which writes go to this epoch (0 for epoch 0: it holds everything before the map existed). */
  activeFrom: z.number(),
  /** Whether writes go here or to a later epoch already; reads consult every epoch regardless. */
  current: z.boolean(),
  /** Added by a deploy that changed the env's count, or by an admin through this API. */
  source: z.enum(["env", "api"]),
  /** Its objects are generations, one per UTC day (traces, from the epoch that started them on). */
  daily: z.boolean(),
});

export const signalMapSchema = z.object({
  epochs: z.array(shardEpochSchema).min(1),
  /** The count writes route over now. */
  writeShards: z.number().int(),
  /** The objects reads consult: every index below the largest count of any epoch. */
  readShards: z.number().int(),
  /** Unix ms after which a query's window reads no series split by a switch: before it, no pushdown. */
  pushdownFrom: z.number(),
  /** Unix ms from which writes go to a generation per day (traces); null for a signal without generations. */
  generationsFrom: z.number().nullable(),
});

export const shardMapViewSchema = z.object({
  metrics: signalMapSchema,
  traces: signalMapSchema,
});
export type ShardMapView = z.infer<typeof shardMapViewSchema>;

export const shardMapChangedSchema = shardMapViewSchema.extend({
  /** The epoch this call added; null when the signal already had that count (nothing changed). */
  added: shardEpochSchema.nullable(),
});

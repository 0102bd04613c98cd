// Metric storage figures (GET /api/metrics/storage): each shard's, and their sum.
import { z } from "zod";

const shardFigures = {
  series: z.number(),
  chunks: z.number(),
  samples: z.number(),
  chunkBytes: z.number(),
  /** Block objects in R2 (the cold tier) and their bytes; `samples` and `bytesPerSample` count the hot rows only. */
  blocks: z.number(),
  blockBytes: z.number(),
  /** The shard object's whole SQLite database (index, WAL, metadata included). */
  dbBytes: z.number(),
};
export const storageStatsSchema = z.object({
  ...shardFigures,
  /** null before the first sample. */
  bytesPerSample: z.number().nullable(),
  /** Every live object: each kept day's generations (`metrics-<day>-<i>`) and the objects of the layout before
   * generations (`shard-<i>`) while they are kept. */
  shards: z.array(z.object({ object: z.string().optional(), ...shardFigures })),
});

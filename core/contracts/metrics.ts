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
  shards: z.array(z.object(shardFigures)),
});

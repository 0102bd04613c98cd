// Metric storage figures (GET /api/metrics/storage): each shard's, and their sum.
import { z } from "zod";

const shardFigures = {
  series: z.number(),
  chunks: z.number(),
  samples: z.number(),
  chunkBytes: z.number(),
  /** The shard object's whole SQLite database (index, WAL, metadata included). */
  dbBytes: z.number(),
};
export const storageStatsSchema = z.object({
  ...shardFigures,
  /** null before the first sample. */
  bytesPerSample: z.number().nullable(),
  shards: z.array(z.object(shardFigures)),
});

// GET /api/metrics/storage: the shards' storage figures, summed (series, chunks, samples, bytes per sample of the
// hot rows, and the cold tier's blocks in R2).
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { readShardCountOf, shardStub } from "../../platform/metrics/shards";

export async function handleStorageStats(c: Context<AppEnv>): Promise<Response> {
  const n = await readShardCountOf(c.env);
  const shards = await Promise.all(Array.from({ length: n }, (_, i) => shardStub(c.env, i).stats()));
  const total = shards.reduce(
    (a, s) => ({
      series: a.series + s.series,
      chunks: a.chunks + s.chunks,
      samples: a.samples + s.samples,
      chunkBytes: a.chunkBytes + s.chunkBytes,
      blocks: a.blocks + s.blocks,
      blockBytes: a.blockBytes + s.blockBytes,
      dbBytes: a.dbBytes + s.dbBytes,
    }),
    { series: 0, chunks: 0, samples: 0, chunkBytes: 0, blocks: 0, blockBytes: 0, dbBytes: 0 },
  );
  return c.json({ ...total, bytesPerSample: total.samples ? total.chunkBytes / total.samples : null, shards });
}

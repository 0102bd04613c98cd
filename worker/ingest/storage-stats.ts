// GET /api/metrics/storage: the storage figures of every live metric object (each kept day's generations and the
// objects of the layout before them while kept), summed (series, chunks, samples, bytes per sample of the hot
// rows, and the cold tier's blocks in R2). A series alive on several days counts once per day's generation, and
// the copies of each day's last two hours in the next day's generation count their samples again.
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { liveMetricObjects } from "../../platform/metrics/shards";

export async function handleStorageStats(c: Context<AppEnv>): Promise<Response> {
  const shards = await Promise.all(
    (await liveMetricObjects(c.env)).map(async ({ name, stub }) => ({ object: name, ...(await stub.stats()) })),
  );
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

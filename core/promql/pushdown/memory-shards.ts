// Pushdown over in-memory shards: the reference the property tests and benchmarks compare the engine
// against (the Durable Object shards run the same evaluateFragment over their own series).
import { matchesAll } from "../labels";
import type { MemorySource } from "../memory-source";
import { dataRange, type Fragment, fragmentSchema, leafOf } from "./spec";
import { evaluateFragment, labelSortKey, type ShardSeries } from "./evaluate";
import { mergePartials, type Precomputed } from "./merge";
import type { Partial } from "./partial";
import { type PushdownPort, PushdownRefused } from "./port";

/** Series of one in-memory shard that match the fragment's selector, in label order. */
export async function* shardSeries(shard: MemorySource, f: Fragment): AsyncGenerator<ShardSeries> {
  const leaf = leafOf(f.expr);
  const r = dataRange(f);
  const rows = await shard.select(leaf.matchers, r);
  const keyed = rows
    .filter((s) => matchesAll(leaf.matchers, s.labels))
    .map((s) => ({ s, key: labelSortKey(s.labels) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Fragments evaluate floats only: refused for a selector whose series hold histograms in the range.
  if (keyed.some(({ s }) => Array.prototype.some.call(s.histograms ?? [], (h) => h !== undefined)))
    throw new PushdownRefused("native histograms in the fragment's range");
  for (const { s } of keyed)
    yield {
      labels: s.labels,
      ts: Float64Array.from(s.timestamps),
      vs: s.values instanceof Float64Array ? s.values : Float64Array.from(s.values),
      n: s.timestamps.length,
    };
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function memoryShardsPort(shards: MemorySource[], maxBytes = 1 << 30): PushdownPort {
  return {
    async run(fragments: Fragment[]): Promise<Precomputed[]> {
      return Promise.all(
        fragments.map(async (planned) => {
          // The shards validate what they receive: so do these.
          const f = fragmentSchema.parse(structuredClone(planned)) as Fragment;
          const parts: Partial[] = [];
          for (const shard of shards) {
            const series = await collect(shardSeries(shard, f));
            const run = await evaluateFragment(f, series, {
              maxBytes,
              maxSeries: series.length,
              describe: () => "fragment",
            });
            // What crosses the RPC boundary is a structured clone: test that the partial survives one.
            parts.push(structuredClone(run.partial));
          }
          return mergePartials(planned, parts);
        }),
      );
    },
  };
}

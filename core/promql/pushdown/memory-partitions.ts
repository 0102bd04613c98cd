// Storage partitioned in time, in memory: the reference for evaluating a range query in parts (as metric day
// generations do). Partition p spans [p * length, (p + 1) * length) and also holds a copy of the last `overlap`
// of partition p - 1; within a partition each series lives on one of `shards` shards, chosen afresh per partition
// (a new generation may hash otherwise), so fragments reading across a partition start would see split series.
import { labelsKey } from "../labels";
import { MemorySource } from "../memory-source";
import type { LabelMatcher, Labels, RawSeries, SelectHints, SeriesSource } from "../types";
import { evaluateStates, mergeAcross } from "./across";
import { collect, memoryShardsPort, shardSeries } from "./memory-shards";
import type { Precomputed } from "./merge";
import type { PushdownPort } from "./port";
import type { StatePartial } from "./partial";
import { dataRange, type Fragment, fragmentSchema, type Grid } from "./spec";

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class MemoryPartitions {
  private readonly parts = new Map<number, MemorySource[]>();
  /** What the port and the raw reads were asked, for tests to see how a query ran. */
  readonly seen = { grids: [] as Grid[], rawReads: [] as SelectHints[], accepts: 0, across: [] as Fragment[] };

  constructor(
    readonly lengthMs: number,
    readonly overlapMs: number,
    readonly shards: number,
    /** Byte budget of a shard's and the Worker's share of a fragment across partitions. */
    readonly maxBytes = 1 << 30,
  ) {}

  private partition(p: number): MemorySource[] {
    let shards = this.parts.get(p);
    if (!shards) this.parts.set(p, (shards = Array.from({ length: this.shards }, () => new MemorySource())));
    return shards;
  }

  /** Samples of one series (timestamps ascending; values as Float64Array to keep stale markers). */
  add(labels: Labels, ts: number[], vs: Float64Array): void {
    const L = this.lengthMs;
    const byPart = new Map<number, number[]>();
    ts.forEach((t, i) => {
      const p = Math.floor(t / L);
      (byPart.get(p) ?? byPart.set(p, []).get(p)!).push(i);
      // The next partition's copy of this one's tail.
      if (t >= (p + 1) * L - this.overlapMs) (byPart.get(p + 1) ?? byPart.set(p + 1, []).get(p + 1)!).push(i);
    });
    for (const [p, idx] of [...byPart].sort(([a], [b]) => a - b)) {
      const shard = this.partition(p)[hash(`${labelsKey(labels)}@${p}`) % this.shards];
      shard.add(
        labels,
        idx.map((i) => ts[i]),
        Float64Array.from(idx, (i) => vs[i]),
      );
    }
  }

  /** Raw reads: every sample once, each partition clipped to its own span, series joined across partitions. */
  readonly source: SeriesSource = {
    select: async (matchers: LabelMatcher[], hints: SelectHints): Promise<RawSeries[]> => {
      this.seen.rawReads.push({ ...hints });
      const L = this.lengthMs;
      const joined = new Map<string, { labels: Labels; ts: number[]; raw: Float64Array[] }>();
      for (const p of [...this.parts.keys()].sort((a, b) => a - b)) {
        const lo = Math.max(hints.start, p * L);
        const hi = Math.min(hints.end, (p + 1) * L - 1);
        if (lo > hi) continue;
        const rows = (
          await Promise.all(this.parts.get(p)!.map((s) => s.select(matchers, { start: lo, end: hi })))
        ).flat();
        for (const r of rows) {
          const k = labelsKey(r.labels);
          let j = joined.get(k);
          if (!j) joined.set(k, (j = { labels: r.labels, ts: [], raw: [] }));
          const keep: number[] = [];
          for (let i = 0; i < r.timestamps.length; i++) if (r.timestamps[i] < (p + 1) * L) keep.push(i);
          j.ts.push(...keep.map((i) => r.timestamps[i]));
          j.raw.push(Float64Array.from(keep, (i) => r.values[i]));
        }
      }
      return [...joined.values()].map((j) => {
        const values = new Float64Array(j.ts.length);
        let at = 0;
        for (const part of j.raw) {
          values.set(part, at);
          at += part.length;
        }
        return { labels: j.labels, timestamps: j.ts, values };
      });
    },
  };

  /** Accepts a window inside one partition's [start - overlap, end); fragments run on that partition's shards. */
  readonly port: PushdownPort = {
    accepts: async (w) => {
      this.seen.accepts++;
      return w.start >= Math.floor(w.end / this.lengthMs) * this.lengthMs - this.overlapMs;
    },
    splitPoints: async (start, end) => {
      const out: number[] = [];
      for (let p = Math.floor(start / this.lengthMs) + 1; p * this.lengthMs <= end; p++) out.push(p * this.lengthMs);
      return out;
    },
    run: async (fragments: Fragment[]): Promise<Precomputed[]> =>
      Promise.all(
        fragments.map(async (f) => {
          const r = dataRange(f);
          const p = Math.floor(r.end / this.lengthMs);
          if (r.start < p * this.lengthMs - this.overlapMs)
            throw new Error(`fragment reads [${r.start}, ${r.end}] across partition ${p}'s start`);
          this.seen.grids.push({ ...f.grid });
          return (await memoryShardsPort(this.partition(p)).run([f]))[0];
        }),
      ),
    // Every partition the fragment reads answers states over its own span, oldest first; the Worker merges them.
    runAcross: async (fragments: Fragment[]): Promise<Precomputed[]> =>
      Promise.all(
        fragments.map(async (planned) => {
          this.seen.across.push(planned);
          const r = dataRange(planned);
          const L = this.lengthMs;
          const partitions: StatePartial[][] = [];
          for (let p = Math.floor(r.start / L); p <= Math.floor(r.end / L); p++) {
            const part = { start: p * L, end: (p + 1) * L - 1 };
            // The shards validate what they receive: so do these.
            const f = fragmentSchema.parse(structuredClone({ ...planned, part })) as Fragment;
            const shards: StatePartial[] = [];
            for (const shard of this.parts.get(p) ?? []) {
              const series = await collect(shardSeries(shard, f));
              const run = await evaluateStates(f, series, { maxBytes: this.maxBytes, describe: () => "fragment" });
              shards.push(structuredClone(run.partial));
            }
            partitions.push(shards);
          }
          return mergeAcross(planned, partitions, this.maxBytes);
        }),
      ),
  };
}

// Merging the shards' per-series partials: output series that share a label set once the metric name is dropped.
import { describe, expect, it } from "vitest";
import { createEngine } from "../engine";
import { MemorySource } from "../memory-source";
import { memoryShardsPort } from "./memory-shards";

describe("series fragments merged from the shards", () => {
  // Found by the sharded property test (FC_SEED=784012620 FC_PATH=2677:20:4): two series that differ only by name,
  // present at different steps, are one series of a range query's answer, pushed down or not.
  it("answer a range query with one series per output label set when name-dropped series never overlap", async () => {
    const all = new MemorySource();
    const shards = [new MemorySource(), new MemorySource()];
    const early = [0, 15_000, 30_000, 45_000, 60_000];
    const late = early.map((t) => t + 600_000);
    const add = (i: number, name: string, ts: number[]) => {
      const labels = { __name__: name, job: "a" };
      const vs = ts.map((_, k) => k * 1.5);
      all.add(labels, ts, vs);
      shards[i].add(labels, ts, vs);
    };
    add(0, "m", early);
    add(1, "n", late);
    const plain = createEngine(all);
    const sharded = createEngine(all, { pushdown: memoryShardsPort(shards) });
    for (const q of ['quantile_over_time(0.7, {__name__=~"m|n"}[1m])', 'rate({__name__=~"m|n"}[1m])']) {
      const want = await plain.rangeQuery(q, 0, 900_000, 45_000);
      expect(want.result, q).toHaveLength(1);
      expect(await sharded.rangeQuery(q, 0, 900_000, 45_000), q).toEqual(want);
    }
    // Present at the same step, they still fail as duplicates, pushed down or not.
    const q = 'max_over_time({__name__=~"m|n"}[20m])';
    await expect(plain.rangeQuery(q, 0, 900_000, 45_000)).rejects.toThrow(/same labelset/);
    await expect(sharded.rangeQuery(q, 0, 900_000, 45_000)).rejects.toThrow(/same labelset/);
  });
});

// Merging the shards' per-series partials: output series that share a label set once the metric name is dropped.
import { describe, expect, it } from "vitest";
import { Annotations, annotationStrings } from "../annotations";
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

  // Found by the sharded property test (FC_SEED=767099294 FC_PATH=2008:0:0:1:1:3:3:3:3): one annotation text from
  // two nodes carries the position of the one evaluated last, whichever of them was pushed down.
  it("annotate a text two nodes share at the position of the later one, pushed down or not", async () => {
    const all = new MemorySource();
    const ts = [0, 15_000, 30_000, 45_000, 60_000];
    all.add({ __name__: "m", job: "a" }, ts, [1, 2, 3, 4, 5]);
    all.add({ __name__: "n", job: "b" }, ts, [1, 2, 3, 4, 5]);
    const plain = createEngine(all);
    const sharded = createEngine(all, { pushdown: memoryShardsPort([all]) });
    for (const q of [
      // The left side is not pushed down (its name-dropped series may collide), the right side is.
      'quantile (1.5, rate({__name__=~"m|n"}[5m])) / ignoring(job) group_left quantile (1.5, m)',
      'quantile (1.5, m) / ignoring(job) group_left quantile (1.5, rate({__name__=~"m|n"}[5m]))',
      // Both inside one pushed-down node: the outer aggregation is evaluated after the inner function.
      "quantile (1.5, quantile_over_time(1.5, m[1m]))",
    ]) {
      const notes = async (e: typeof plain) => {
        const a = new Annotations();
        await e.instantQuery(q, 60_000, a);
        return annotationStrings(a.list(), q, true);
      };
      const want = await notes(plain);
      expect(want.warnings.join(), q).toMatch(/got 1\.5/);
      expect(await notes(sharded), q).toEqual(want);
    }
  });
});

// The engine over storage partitioned in time (MemoryPartitions: 10-minute partitions, each with a copy of the
// previous one's last 3 minutes, 2 hash shards): which steps run pushed down, which raw, and what the answer
// keeps of the whole query (its @ start(), its annotations, its budget).
import { describe, expect, it } from "vitest";
import { Annotations } from "../annotations";
import { createEngine } from "../engine";
import { MemorySource } from "../memory-source";
import type { Labels } from "../types";
import { MemoryPartitions } from "./memory-partitions";
import type { PushdownPort } from "./port";

const MIN = 60_000;
const LENGTH = 10 * MIN;
const OVERLAP = 3 * MIN;

/** Counters every 15 s over [from, to), the same data in one store and in partitions. */
function stores(series: { labels: Labels; from?: number; to?: number }[]) {
  const all = new MemorySource();
  const parts = new MemoryPartitions(LENGTH, OVERLAP, 2);
  series.forEach(({ labels, from = 0, to = 40 * MIN }, i) => {
    const ts: number[] = [];
    for (let t = from; t < to; t += 15_000) ts.push(t);
    const vs = Float64Array.from(ts, (t) => (t / 1000) * (i + 1));
    all.add(labels, ts, vs);
    parts.add(labels, ts, vs);
  });
  return { all, parts };
}

const jobs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ labels: { __name__: "x_total", job: `j${i % 2}`, i: String(i) } }));

describe("range queries over time partitions", () => {
  it("pushes each partition's steps down, after running raw the first steps whose range reaches back too far", async () => {
    const { all, parts } = stores(jobs(6));
    const q = "sum by (job) (rate(x_total[5m]))";
    const got = await createEngine(parts.source, { pushdown: parts.port }).rangeQuery(q, 5 * MIN, 35 * MIN, MIN);
    expect(got).toEqual(await createEngine(all).rangeQuery(q, 5 * MIN, 35 * MIN, MIN));
    // A 5m range over a 3m copy: in each partition the steps from its start + 2m are pushed down.
    expect(parts.seen.grids).toEqual([
      { start: 5 * MIN, end: 9 * MIN, step: MIN },
      { start: 12 * MIN, end: 19 * MIN, step: MIN },
      { start: 22 * MIN, end: 29 * MIN, step: MIN },
      { start: 32 * MIN, end: 35 * MIN, step: MIN },
    ]);
    // ... and the two first steps of every later partition, whose windows no partition holds, ran as
    // per-partition window states merged in the Worker (across.ts), not over raw series.
    expect(parts.seen.across.map((f) => [f.grid.start, f.grid.end])).toEqual([
      [10 * MIN, 11 * MIN],
      [20 * MIN, 21 * MIN],
      [30 * MIN, 31 * MIN],
    ]);
    expect(parts.seen.rawReads).toEqual([]);
  });

  it("runs those first steps over raw series when the range function does not decompose", async () => {
    const { all, parts } = stores(jobs(6));
    const q = "sum by (job) (avg_over_time(x_total[5m]))";
    const got = await createEngine(parts.source, { pushdown: parts.port }).rangeQuery(q, 5 * MIN, 35 * MIN, MIN);
    expect(got).toEqual(await createEngine(all).rangeQuery(q, 5 * MIN, 35 * MIN, MIN));
    expect(parts.seen.across).toEqual([]);
    expect(parts.seen.rawReads.map((r) => [r.start, r.end])).toEqual([
      [5 * MIN, 11 * MIN],
      [15 * MIN, 21 * MIN],
      [25 * MIN, 31 * MIN],
    ]);
  });

  it("runs in one pass, asking once, when storage accepts the whole window", async () => {
    const { all, parts } = stores(jobs(4));
    const q = "sum(rate(x_total[1m]))";
    const got = await createEngine(parts.source, { pushdown: parts.port }).rangeQuery(q, 11 * MIN, 19 * MIN, MIN);
    expect(got).toEqual(await createEngine(all).rangeQuery(q, 11 * MIN, 19 * MIN, MIN));
    expect(parts.seen.grids).toEqual([{ start: 11 * MIN, end: 19 * MIN, step: MIN }]);
    expect(parts.seen.accepts).toBe(1);
    expect(parts.seen.rawReads).toEqual([]);
  });

  it("keeps @ start() and @ end() at the whole query's start and end in every part", async () => {
    const { all, parts } = stores(jobs(4));
    const engine = createEngine(parts.source, { pushdown: parts.port });
    for (const q of ["sum(rate(x_total[1m] @ start()))", "sum(x_total @ end())", "x_total @ start() - x_total"]) {
      const got = await engine.rangeQuery(q, 4 * MIN, 34 * MIN, MIN);
      expect(got, q).toEqual(await createEngine(all).rangeQuery(q, 4 * MIN, 34 * MIN, MIN));
    }
    // The first partition's steps pushed down, the later ones raw (their window reaches back to the start):
    // every step reads the series at the query's start, 240 s.
    parts.seen.grids.length = 0;
    const q = "sum(x_total @ start()) + 0 * sum(rate(x_total[1m]))";
    const atStart = await engine.rangeQuery(q, 4 * MIN, 34 * MIN, MIN);
    expect(parts.seen.grids.map((g) => [g.start, g.end])).toEqual([
      [4 * MIN, 9 * MIN],
      [4 * MIN, 9 * MIN],
    ]);
    if (atStart.resultType !== "matrix") throw new Error("matrix expected");
    expect(atStart.result[0].values).toHaveLength(31);
    expect(new Set((atStart.result[0].values ?? []).map(([, v]) => v))).toEqual(
      new Set([String(240 * (1 + 2 + 3 + 4))]),
    );
  });

  it("joins series present in some partitions only, in time order", async () => {
    const { all, parts } = stores([
      { labels: { __name__: "x_total", i: "early" }, to: 12 * MIN },
      { labels: { __name__: "x_total", i: "late" }, from: 21 * MIN },
      { labels: { __name__: "x_total", i: "always" } },
    ]);
    const q = "max by (i) (increase(x_total[2m]))";
    const got = await createEngine(parts.source, { pushdown: parts.port }).rangeQuery(q, 2 * MIN, 38 * MIN, MIN);
    expect(got).toEqual(await createEngine(all).rangeQuery(q, 2 * MIN, 38 * MIN, MIN));
    if (got.resultType !== "matrix") throw new Error("matrix expected");
    const times = Object.fromEntries(
      got.result.map((s) => [s.metric.i, (s.values ?? []).map(([t]) => Number(t) * 1000)]),
    );
    // A 2m increase needs two samples: the early series' last at 13m, the late one's first at 22m.
    expect(times.early.at(-1)).toBe(13 * MIN);
    expect(times.late[0]).toBe(22 * MIN);
    expect(times.always).toHaveLength(37);
    expect(parts.seen.grids.length).toBeGreaterThan(2);
  });

  it("reports each annotation once, though every part saw it", async () => {
    const { all, parts } = stores([
      { labels: { __name__: "x_bytes", i: "0" } },
      { labels: { __name__: "x_bytes", i: "1" } },
    ]);
    const q = "sum(rate(x_bytes[5m]))";
    const split = new Annotations();
    const whole = new Annotations();
    await createEngine(parts.source, { pushdown: parts.port }).rangeQuery(q, 5 * MIN, 35 * MIN, MIN, split);
    await createEngine(all).rangeQuery(q, 5 * MIN, 35 * MIN, MIN, whole);
    expect(parts.seen.grids.length).toBeGreaterThan(1);
    expect(split.list()).toHaveLength(1);
    expect(split.list()).toEqual(whole.list());
  });

  it("counts the sample budget over the whole answer, not per part", async () => {
    // Two series over 31 steps: 62 points, in parts of at most 20. The general path (an aggregation pushed down),
    // the whole-node path (a per-series fragment) and the bare selector (raw first steps, pushed after).
    for (const q of ["sum by (job) (rate(x_total[1m]))", "rate(x_total[1m])", "x_total"]) {
      const { parts } = stores(jobs(2));
      const tight = createEngine(parts.source, { pushdown: parts.port, maxSamples: 61 });
      await expect(tight.rangeQuery(q, 5 * MIN, 35 * MIN, MIN), q).rejects.toThrow(/too many samples/i);
      expect(parts.seen.grids.length, q).toBeGreaterThan(1);
      const enough = createEngine(parts.source, { pushdown: parts.port, maxSamples: 62 });
      const got = await enough.rangeQuery(q, 5 * MIN, 35 * MIN, MIN);
      if (got.resultType !== "matrix") throw new Error("matrix expected");
      expect(
        got.result.map((s) => s.values?.length),
        q,
      ).toEqual([31, 31]);
    }
  });

  it("counts the byte budget with the output of the parts before still held", async () => {
    const { parts } = stores(jobs(2));
    const q = "rate(x_total[1m])";
    // Each part pushed down whole: what each part's answer weighs.
    const bytes: number[] = [];
    const port: PushdownPort = {
      ...parts.port,
      async run(fragments) {
        const out = await parts.port.run(fragments);
        bytes.push(out.reduce((n, p) => n + p.bytes, 0));
        return out;
      },
    };
    await createEngine(parts.source, { pushdown: port }).rangeQuery(q, 5 * MIN, 35 * MIN, MIN);
    expect(bytes).toHaveLength(4);
    // Two series, points held before each part: 16 bytes a point.
    const held = [0, 2 * 5, 2 * 15, 2 * 25].map((points) => 16 * points);
    const needed = Math.max(...bytes.map((b, i) => held[i] + b));
    expect(needed).toBeGreaterThan(Math.max(...bytes));
    const at = (maxBytes: number) =>
      createEngine(parts.source, { pushdown: parts.port, maxBytes }).rangeQuery(q, 5 * MIN, 35 * MIN, MIN);
    await expect(at(needed - 1)).rejects.toThrow(/memory budget in the Worker/);
    const got = await at(needed);
    expect(got.result).toHaveLength(2);
  });
});

// Native histogram samples through the engine, beside floats: what the vendored native_histograms.test does
// not reach (float operations dropping histograms, binary operators, mixed windows and groups, subqueries,
// range queries, staleness, the pushdown fallback). Expectations follow Prometheus v2.53's engine.go and
// functions.go.
import { describe, expect, it } from "vitest";
import type { FloatHistogram } from "../histogram/float-histogram";
import { parseHistogramLiteral } from "../histogram/literal";
import { histogramsEqual } from "../histogram/ops";
import { createEngine, type NumericSeries } from "./engine";
import { MemorySource } from "./memory-source";
import { memoryShardsPort } from "./pushdown/memory-shards";
import { staleNaNArray } from "./stale";

const MIN = 60_000;
const H = (s: string) => parseHistogramLiteral(s);
/** A counter histogram growing by one observation in bucket 1 per minute. */
const counter = (i: number) => H(`{{schema:0 count:${4 + i} sum:${5 + 2 * i} buckets:[1 ${2 + i} 1]}}`);

function source(): MemorySource {
  const src = new MemorySource();
  const ts = Array.from({ length: 11 }, (_, i) => i * MIN);
  src.add(
    { __name__: "lat", job: "a" },
    ts,
    new Float64Array(11),
    ts.map((_, i) => counter(i)),
  );
  src.add(
    { __name__: "lat", job: "b" },
    ts,
    new Float64Array(11),
    ts.map((_, i) => counter(2 * i)),
  );
  src.add(
    { __name__: "up", job: "a" },
    ts,
    Float64Array.from(ts, () => 1),
  );
  // Floats until 5m, then histograms: one series, both kinds.
  src.add(
    { __name__: "mixed" },
    ts,
    Float64Array.from(ts, (_, i) => i),
    ts.map((_, i) => (i > 5 ? counter(i) : undefined)),
  );
  for (const [le, n] of [
    ["1", 2],
    ["+Inf", 4],
  ] as const)
    src.add({ __name__: "classic_bucket", le }, [10 * MIN], [n]);
  return src;
}

const engine = () => createEngine(source());
const at = (q: string, t = 10 * MIN) => engine().instantQueryNumeric(q, t);
const floats = (r: NumericSeries[]) => r.map((s) => [s.labels, s.values[0], s.histograms?.[0]]);
const hist = (r: NumericSeries[], i = 0): FloatHistogram | undefined => r[i]?.histograms?.[0];
const same = (a: FloatHistogram | undefined, b: FloatHistogram) => a !== undefined && histogramsEqual(a, b);

describe("native histograms through the engine", () => {
  it("selects histogram samples beside floats", async () => {
    const r = await at('lat{job="a"}');
    expect(r).toHaveLength(1);
    expect(r[0].values).toEqual([0]);
    expect(same(hist(r), counter(10))).toBe(true);
    expect(await at("up")).toEqual([{ labels: { __name__: "up", job: "a" }, timestamps: [10 * MIN], values: [1] }]);
  });

  it("carries histograms through a range query, index-aligned with the floats of the same series", async () => {
    const [s] = await engine().rangeQueryNumeric("mixed", 4 * MIN, 7 * MIN, MIN);
    expect(s.timestamps).toEqual([4 * MIN, 5 * MIN, 6 * MIN, 7 * MIN]);
    expect(s.values).toEqual([4, 5, 0, 0]);
    expect(s.histograms?.slice(0, 2)).toEqual([undefined, undefined]);
    expect(same(s.histograms?.[2], counter(6)) && same(s.histograms?.[3], counter(7))).toBe(true);
    // The general (non-selector) path too.
    const [g] = await engine().rangeQueryNumeric('lat{job="a"} * 2', 0, MIN, MIN);
    expect(same(g.histograms?.[1], H("{{schema:0 count:10 sum:14 buckets:[2 6 2]}}"))).toBe(true);
  });

  it("returns a range vector's floats and histograms in time order", async () => {
    const [s] = await at("mixed[2m]", 6 * MIN);
    expect(s.timestamps).toEqual([4 * MIN, 5 * MIN, 6 * MIN]);
    expect(s.values).toEqual([4, 5, 0]);
    expect(same(s.histograms?.[2], counter(6))).toBe(true);
  });

  it("drops histogram samples from float functions and comparisons", async () => {
    for (const q of [
      "abs(lat)",
      "clamp_min(lat, 0)",
      "round(lat)",
      "lat > 0",
      "lat == bool lat",
      "lat + 1",
      "2 / lat",
      "hour(lat)",
    ])
      expect(await at(q), q).toEqual([]);
    expect((await at("scalar(lat{job='a'})"))[0].values[0]).toBeNaN();
    expect(await at("lat{job='a'} * on() up")).toHaveLength(1);
  });

  it("scales, divides, adds and subtracts histograms as Prometheus' vectorElemBinop", async () => {
    const a = counter(10);
    expect(same(hist(await at('2 * lat{job="a"}')), H("{{schema:0 count:28 sum:50 buckets:[2 24 2]}}"))).toBe(true);
    expect(same(hist(await at('lat{job="a"} / 2')), H("{{schema:0 count:7 sum:12.5 buckets:[0.5 6 0.5]}}"))).toBe(true);
    const sum = await at("lat + ignoring(job) group_left lat{job='a'}");
    expect(sum.map((s) => s.labels)).toEqual([{ job: "a" }, { job: "b" }]);
    const diff = await at('lat{job="b"} - ignoring(job) lat{job="a"}');
    expect(same(hist(diff), H("{{schema:0 count:10 sum:20 offset:1 buckets:[10]}}"))).toBe(true);
    const neg = await at('-lat{job="a"}');
    expect(neg[0].labels).toEqual({ job: "a" });
    expect(hist(neg)?.count).toBe(-a.count);
    // Set operators keep the samples as they are.
    expect(same(hist(await at('lat{job="a"} and up')), a)).toBe(true);
    // So do the label functions and timestamp() reads the histogram sample's time.
    const relabeled = await at('label_replace(lat{job="a"}, "team", "x", "", "")');
    expect(relabeled[0].labels).toEqual({ __name__: "lat", job: "a", team: "x" });
    expect(same(hist(relabeled), a)).toBe(true);
    expect((await at('timestamp(lat{job="a"})', 10 * MIN + 30_000))[0].values).toEqual([600]);
  });

  it("sums and averages histograms per group; a group mixing floats and histograms yields nothing", async () => {
    const s = await at("sum(lat)");
    expect(same(hist(s), H("{{schema:0 count:38 sum:70 buckets:[2 34 2]}}"))).toBe(true);
    const avg = await at("avg(lat)");
    expect(same(hist(avg), H("{{schema:0 count:19 sum:35 buckets:[1 17 1]}}"))).toBe(true);
    const byJob = floats(await at("sum by (job) ({__name__=~'lat|up'})"));
    expect(byJob.map(([l]) => l)).toEqual([{ job: "b" }]);
    expect(floats(await at("count({__name__=~'lat|up'})"))).toEqual([[{}, 3, undefined]]);
    expect(floats(await at("max({__name__=~'lat|up'})"))).toEqual([[{}, 1, undefined]]);
  });

  it("rates histogram counters; a window mixing floats and histograms has no rate", async () => {
    const r = await at('rate(lat{job="a"}[5m])');
    // One observation per minute in bucket 1 over a 5m window with samples at both edges: 1/60 per second.
    expect(hist(r)?.count).toBeCloseTo(1 / 60, 12);
    expect(r[0].labels).toEqual({ job: "a" });
    const inc = await at('increase(lat{job="a"}[5m])');
    expect(hist(inc)?.count).toBeCloseTo(5, 12);
    expect(await at("rate(mixed[5m])", 7 * MIN)).toEqual([]);
    expect(hist(await at("rate(mixed[3m])", 10 * MIN))?.count).toBeCloseTo(1 / 60, 12);
    // Float-only range functions see no samples in a histogram series.
    expect(await at("irate(lat[5m])")).toEqual([]);
    expect(await at("max_over_time(lat[5m])")).toEqual([]);
  });

  it("counts, keeps the last of, sums and averages a window of histograms", async () => {
    expect((await at("count_over_time(mixed[4m])", 7 * MIN))[0].values).toEqual([5]);
    expect(same(hist(await at("last_over_time(mixed[4m])", 7 * MIN)), counter(7))).toBe(true);
    expect((await at("last_over_time(mixed[4m])", 5 * MIN))[0].values).toEqual([5]);
    expect(await at("sum_over_time(mixed[4m])", 7 * MIN)).toEqual([]);
    const so = await at('sum_over_time(lat{job="a"}[1m])');
    expect(same(hist(so), H("{{schema:0 count:27 sum:48 buckets:[2 23 2]}}"))).toBe(true);
    const ao = await at('avg_over_time(lat{job="a"}[1m])');
    expect(same(hist(ao), H("{{schema:0 count:13.5 sum:24 buckets:[1 11.5 1]}}"))).toBe(true);
    expect((await at("present_over_time(lat[1m])")).map((s) => s.values[0])).toEqual([1, 1]);
  });

  it("counts histogram counter resets in resets(), beside the floats' drops", async () => {
    const src = new MemorySource();
    const ts = [0, MIN, 2 * MIN, 3 * MIN, 4 * MIN];
    // Floats 3, 1 (a drop), then histograms counter(5), counter(0) (a reset), counter(1).
    src.add({ __name__: "r" }, ts, [3, 1, 0, 0, 0], [undefined, undefined, counter(5), counter(0), counter(1)]);
    const r = await createEngine(src).instantQueryNumeric("resets(r[5m])", 4 * MIN);
    expect(r).toEqual([{ labels: {}, timestamps: [4 * MIN], values: [2] }]);
    expect((await at('resets(lat{job="a"}[5m])'))[0].values).toEqual([0]);
  });

  it("answers histogram_* on native histograms and histogram_quantile on both kinds at once", async () => {
    expect(floats(await at('histogram_count(lat{job="a"})'))).toEqual([[{ job: "a" }, 14, undefined]]);
    expect(floats(await at("histogram_sum(up)"))).toEqual([]);
    const q = await at("histogram_quantile(0.5, {__name__=~'lat|classic_bucket'})");
    expect(q.map((s) => s.labels)).toEqual([{ job: "a" }, { job: "b" }, {}]);
    expect(q[2].values[0]).toBe(1);
    expect(q[0].values[0]).toBeGreaterThan(1);
  });

  it("keeps histograms through subqueries", async () => {
    expect(same(hist(await at('last_over_time(lat{job="a"}[5m:1m])')), counter(10))).toBe(true);
    const viaSub = await at('rate(lat{job="a"}[5m:1m])');
    const direct = await at('rate(lat{job="a"}[5m])');
    expect(same(hist(viaSub), hist(direct)!)).toBe(true);
  });

  it("ends a histogram series at a stale marker", async () => {
    const src = new MemorySource();
    const vs = new Float64Array(2);
    vs.set(staleNaNArray(), 1);
    src.add({ __name__: "h" }, [0, MIN], vs, [counter(0), undefined]);
    expect(await createEngine(src).instantQueryNumeric("h", 30_000)).toHaveLength(1);
    expect(await createEngine(src).instantQueryNumeric("h", 2 * MIN)).toEqual([]);
  });

  it("never pushes histogram samples down: the query falls back to raw series", async () => {
    const shards = [new MemorySource(), new MemorySource()];
    const all = source();
    for (const [i, l] of all.allLabels().entries()) {
      const [s] = await all.select(
        Object.entries(l).map(([name, value]) => ({ name, op: "=" as const, value })),
        { start: 0, end: 10 * MIN },
      );
      shards[i % 2].add(l, s.timestamps, s.values as Float64Array, s.histograms);
    }
    const port = memoryShardsPort(shards);
    const refused: string[] = [];
    const counted = {
      ...port,
      run: (f: Parameters<typeof port.run>[0]) =>
        port.run(f).catch((e) => {
          refused.push(String(e));
          throw e;
        }),
    };
    const pushed = createEngine(all, { pushdown: counted });
    const raw = await at("sum(rate(lat[5m]))");
    const viaPort = await pushed.instantQueryNumeric("sum(rate(lat[5m]))", 10 * MIN);
    expect(same(hist(viaPort), hist(raw)!)).toBe(true);
    expect(refused).toEqual([expect.stringContaining("native histograms")]);
    // Float selectors still run on the shards, though histograms lie in the same window on the same shards.
    const up = await pushed.instantQueryNumeric("sum(rate(up[5m]))", 10 * MIN);
    expect(up).toEqual(await at("sum(rate(up[5m]))"));
    expect(refused).toHaveLength(1);
  });
});

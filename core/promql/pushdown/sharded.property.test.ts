// Sharded evaluation (fragments evaluated per shard, partials merged) must answer exactly what the
// unsharded engine answers, on random data and random queries: same series, same order where order is
// visible, same values (sums merged in another order may differ in the last bits only), same errors, and the
// same annotations (the shards report what they saw; the Worker words it).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRng } from "../../random";
import { createEngine } from "../engine";
import { MemorySource } from "../memory-source";
import { staleNaNArray } from "../stale";
import { outcome, same } from "./outcomes";
import { propertyParams } from "./property-params";
import { memoryShardsPort } from "./memory-shards";

const STEP = 15_000;
const SAMPLES = 60;

function dataSet(seed: number, shards: number): { all: MemorySource; parts: MemorySource[] } {
  const rnd = seededRng(seed);
  const all = new MemorySource();
  const parts = Array.from({ length: shards }, () => new MemorySource());
  const stale = staleNaNArray()[0];
  const names = ["m", "n", "h_bucket"];
  for (let i = 0; i < 26; i++) {
    const name = i < 24 ? names[i % 3] : names[i - 24];
    // The last two differ only by name: a name-dropping function over both must fail as a duplicate.
    const labels: Record<string, string> = {
      __name__: name,
      job: i < 24 ? ["a", "b", "c"][Math.floor(rnd() * 3)] : "a",
      i: i < 24 ? String(i) : "twin",
    };
    if (rnd() < 0.5) labels.env = rnd() < 0.5 ? "prod" : "dev";
    if (name === "h_bucket") labels.le = ["0.1", "1", "+Inf"][i % 3];
    const ts: number[] = [];
    const vs = new Float64Array(SAMPLES);
    let t = Math.floor(rnd() * 4) * STEP;
    let v = Math.floor(rnd() * 10);
    let n = 0;
    while (n < SAMPLES) {
      ts.push(t);
      const r = rnd();
      // Counters mostly, with resets, gaps, stale markers, and the odd NaN or infinity.
      if (r < 0.03) vs[n] = stale;
      else if (r < 0.05) vs[n] = Number.NaN;
      else if (r < 0.06) vs[n] = rnd() < 0.5 ? Infinity : -Infinity;
      else if (r < 0.1) vs[n] = v = Math.floor(rnd() * 5);
      else vs[n] = v += Math.floor(rnd() * 8) / 4;
      n++;
      t += STEP * (rnd() < 0.1 ? 1 + Math.floor(rnd() * 30) : 1) + (rnd() < 0.2 ? Math.floor(rnd() * 3000) : 0);
    }
    all.add(labels, ts, vs);
    parts[Math.floor(rnd() * shards)].add(labels, ts, vs);
  }
  return { all, parts };
}

const base = fc.constantFrom("m", 'm{job="a"}', 'n{job=~"a|b"}', 'm{env!="prod"}', '{__name__=~"m|n"}', "h_bucket");
const modifier = fc.constantFrom("", "", "", " offset 2m", " @ 600");
const sel = fc.tuple(base, modifier).map(([b, m]) => `${b}${m}`);
const matrix = (w: string) => fc.tuple(base, modifier).map(([b, m]) => `${b}[${w}]${m}`);
const rangeFn = fc.constantFrom(
  "rate",
  "increase",
  "delta",
  "irate",
  "idelta",
  "deriv",
  "resets",
  "changes",
  "avg_over_time",
  "sum_over_time",
  "min_over_time",
  "max_over_time",
  "count_over_time",
  "last_over_time",
  "stddev_over_time",
  "present_over_time",
);
const window = fc.constantFrom("1m", "2m", "5m");
const perSeries = fc.oneof(
  sel,
  fc.tuple(rangeFn, window.chain(matrix)).map(([f, m]) => `${f}(${m})`),
  window.chain(matrix).map((m) => `quantile_over_time(0.7, ${m})`),
  window.chain(matrix).map((m) => `quantile_over_time(-1, ${m})`),
  fc.tuple(rangeFn, matrix("3m")).map(([f, m]) => `abs(${f}(${m}) - 2)`),
  fc.tuple(sel, fc.constantFrom("> 3", "< bool 5", "* 2", "/ 0", "^ 2", "== 1")).map(([s, o]) => `${s} ${o}`),
  sel.map((s) => `clamp(${s}, 1, 6)`),
  sel.map((s) => `round(-${s}, 0.5)`),
);
const grouping = fc.constantFrom("", " by (job)", " without (i)", " by (job, env)", " by (le)", " without (env, i)");
const aggregated = fc.oneof(
  fc
    .tuple(fc.constantFrom("sum", "avg", "min", "max", "count", "group", "stddev", "stdvar"), grouping, perSeries)
    .map(([op, g, e]) => `${op}${g} (${e})`),
  fc
    .tuple(fc.constantFrom("topk", "bottomk"), fc.constantFrom(1, 2, 5), grouping, perSeries)
    .map(([op, k, g, e]) => `${op}${g} (${k}, ${e})`),
  fc.tuple(fc.constantFrom(0, 0.5, 0.9, 1.5), grouping, perSeries).map(([q, g, e]) => `quantile${g} (${q}, ${e})`),
  fc.tuple(grouping, perSeries).map(([g, e]) => `count_values${g} ("value", ${e})`),
);
// topk/sort over an aggregation that merges from shards in another float order (avg as sum/count, stddev,
// stdvar) may break a last-bit tie the other way and pick another series at a step: both answers are right, and
// no comparison can tell them apart from a bug. The order-sensitive wrappers take the aggregations that merge
// exactly on this data (integer-valued sums and counts, min/max, topk); the others are compared unwrapped.
const exactAggregated = aggregated.filter((a) => !/^(avg|stddev|stdvar)\b/.test(a));
const query = fc.oneof(
  perSeries,
  aggregated,
  fc.tuple(aggregated, aggregated).map(([a, b]) => `${a} / ignoring(env, le, i) group_left ${b}`),
  exactAggregated.map((a) => `topk(2, ${a})`),
  exactAggregated.map((a) => `sort_desc(${a})`),
  perSeries.map((e) => `histogram_quantile(0.9, sum by (le, job) (${e}))`),
  aggregated.map((a) => `max_over_time((${a})[5m:1m])`),
  perSeries.map((e) => `count(${e}) > 2`),
);

describe("sharded evaluation equals unsharded evaluation", () => {
  it("on random data and random queries, instant and range", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.integer({ min: 1, max: 5 }),
        query,
        fc.boolean(),
        async (seed, shards, q, range) => {
          const { all, parts } = dataSet(seed, shards);
          const plain = createEngine(all);
          const sharded = createEngine(all, { pushdown: memoryShardsPort(parts) });
          const [a, b] = range
            ? await Promise.all([
                outcome(q, (n) => sharded.rangeQuery(q, 120_000, 900_000, 45_000, n)),
                outcome(q, (n) => plain.rangeQuery(q, 120_000, 900_000, 45_000, n)),
              ])
            : await Promise.all([
                outcome(q, (n) => sharded.instantQuery(q, 610_000, n)),
                outcome(q, (n) => plain.instantQuery(q, 610_000, n)),
              ]);
          const diff = same(a, b);
          expect(
            diff,
            `${q} (${range ? "range" : "instant"}, seed ${seed}, ${shards} shards)\n${JSON.stringify(a).slice(0, 600)}\n${JSON.stringify(b).slice(0, 600)}`,
          ).toBeNull();
        },
      ),
      propertyParams(400),
    );
  }, 240_000);
});

// Instant queries whose range-function windows span several time partitions (MemoryPartitions: 10-minute
// partitions, each with a copy of the previous one's last 3 minutes; windows up to an hour): decomposable range
// functions run as per-partition window states merged in the Worker (across.ts), the rest over raw series. On
// random data (counter resets, NaN, stale markers, gaps) and random queries the answer must equal the unsharded
// engine's, values within outcomes.ts' 1e-9 (merged sums add in another order).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededRng } from "../../random";
import { createEngine } from "../engine";
import { MemorySource } from "../memory-source";
import { staleNaNArray } from "../stale";
import { MemoryPartitions } from "./memory-partitions";
import { outcome, same } from "./outcomes";
import { DECOMPOSABLE } from "./window-state";

const STEP = 15_000;
const SAMPLES = 240;
const LENGTH = 600_000;
const OVERLAP = 180_000;

function dataSet(seed: number, shards: number, maxBytes?: number): { all: MemorySource; store: MemoryPartitions } {
  const rnd = seededRng(seed);
  const all = new MemorySource();
  const store = new MemoryPartitions(LENGTH, OVERLAP, shards, maxBytes);
  const stale = staleNaNArray()[0];
  for (let i = 0; i < 18; i++) {
    const labels: Record<string, string> = {
      __name__: i < 16 ? ["m_total", "n"][i % 2] : ["m_total", "n"][i - 16],
      job: i < 16 ? ["a", "b", "c"][Math.floor(rnd() * 3)] : "a",
      i: i < 16 ? String(i) : "twin",
    };
    if (i < 16 && rnd() < 0.5) labels.env = rnd() < 0.5 ? "prod" : "dev";
    const from = rnd() < 0.2 ? Math.floor(rnd() * 120) : 0;
    const n = rnd() < 0.2 ? Math.floor(SAMPLES / 2 + rnd() * (SAMPLES / 2)) : SAMPLES;
    const ts: number[] = [];
    const vs = new Float64Array(n - Math.min(from, n - 1));
    let t = from * STEP + Math.floor(rnd() * 4) * 1000;
    let v = Math.floor(rnd() * 10);
    for (let k = 0; k < vs.length; k++) {
      ts.push(t);
      const r = rnd();
      if (r < 0.03) vs[k] = stale;
      else if (r < 0.04) vs[k] = Number.NaN;
      else if (r < 0.08) vs[k] = v = Math.floor(rnd() * 5);
      else vs[k] = v += Math.floor(rnd() * 8) / 4;
      t += STEP * (rnd() < 0.05 ? 1 + Math.floor(rnd() * 20) : 1) + (rnd() < 0.2 ? Math.floor(rnd() * 3000) : 0);
    }
    all.add(labels, ts, vs);
    store.add(labels, ts, vs);
  }
  return { all, store };
}

const base = fc.constantFrom("m_total", 'm_total{job="a"}', 'n{job=~"a|b"}', '{__name__=~"m_total|n"}');
const modifier = fc.constantFrom("", "", "", " offset 2m", " offset 11m", " @ 1800");
// All longer than the overlap: no partition holds such a window whole.
const window = fc.constantFrom("5m", "12m", "25m", "1h");
const matrix = fc.tuple(base, window, modifier).map(([b, w, m]) => `${b}[${w}]${m}`);
const decomposable = fc.constantFrom(...DECOMPOSABLE);
const pushed = fc.oneof(
  fc.tuple(decomposable, matrix).map(([f, m]) => `${f}(${m})`),
  fc.tuple(decomposable, matrix, fc.constantFrom("* 2", "< bool 5", "+ 1")).map(([f, m, o]) => `${f}(${m}) ${o}`),
);
const grouping = fc.constantFrom("", " by (job)", " without (i)", " by (env, job)", " by (__name__)");
const aggregated = fc.oneof(
  fc
    .tuple(fc.constantFrom("sum", "avg", "max", "count", "stddev"), grouping, pushed)
    .map(([o, g, e]) => `${o}${g} (${e})`),
  fc.tuple(fc.constantFrom(1, 2), grouping, pushed).map(([k, g, e]) => `topk${g} (${k}, ${e})`),
  fc.tuple(grouping, pushed).map(([g, e]) => `quantile${g} (0.5, ${e})`),
);
const decomposableQuery = fc.oneof(pushed, aggregated);
const rawOnly = fc
  .tuple(fc.constantFrom("avg_over_time", "deriv", "quantile_over_time(0.5, ", "stddev_over_time"), matrix)
  .map(([f, m]) => (f.endsWith(" ") ? `${f}${m})` : `${f}(${m})`));
const query = fc.oneof(
  decomposableQuery,
  decomposableQuery,
  fc.tuple(aggregated, aggregated).map(([a, b]) => `${a} / ignoring(env, i) group_left ${b}`),
  fc.tuple(aggregated, rawOnly).map(([a, b]) => `${a} + on() group_left sum(${b})`),
  fc.tuple(pushed, fc.constantFrom("[10m:1m]", "[30m:5m]")).map(([e, s]) => `max_over_time((${e})${s})`),
);

describe("instant queries with windows across time partitions equal unpartitioned evaluation", () => {
  it("on random data and random queries, decomposable range functions pushed down as merged states", async () => {
    let acrossRuns = 0;
    let pureRuns = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1 << 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.oneof(
          decomposableQuery.map((q) => ({ q, pure: true })),
          query.map((q) => ({ q, pure: false })),
        ),
        fc.integer({ min: 0, max: 3_300 }).map((s) => 300_000 + s * 1000),
        async (seed, shards, { q, pure }, t) => {
          const { all, store } = dataSet(seed, shards);
          const plain = createEngine(all);
          const parted = createEngine(store.source, { pushdown: store.port });
          const [a, b] = await Promise.all([
            outcome(q, (n) => parted.instantQuery(q, t, n)),
            outcome(q, (n) => plain.instantQuery(q, t, n)),
          ]);
          if (store.seen.across.length > 0) acrossRuns++;
          if (pure) {
            // Nothing of a decomposable query went over raw series: its answer came from the merged states, or
            // from one partition when that one held its window whole.
            expect(store.seen.rawReads, q).toEqual([]);
            expect(store.seen.across.length + store.seen.grids.length, q).toBeGreaterThan(0);
            if (store.seen.across.length > 0) pureRuns++;
          }
          const diff = same(a, b);
          expect(
            diff,
            `${q} @ ${t}, seed ${seed}, ${shards} shards\n${JSON.stringify(a).slice(0, 600)}\n${JSON.stringify(b).slice(0, 600)}`,
          ).toBeNull();
        },
      ),
      { numRuns: 400 },
    );
    expect(pureRuns).toBeGreaterThan(100);
    expect(acrossRuns).toBeGreaterThan(200);
  }, 240_000);

  it("a window within one partition and its copy still runs whole there; one across runs as states", async () => {
    const { store } = dataSet(7, 2);
    const parted = createEngine(store.source, { pushdown: store.port });
    await parted.instantQuery("sum(rate(m_total[2m]))", 1_900_000);
    expect(store.seen.across).toEqual([]);
    expect(store.seen.grids.length).toBe(1);
    await parted.instantQuery("sum(rate(m_total[30m]))", 1_900_000);
    expect(store.seen.across.length).toBe(1);
    expect(store.seen.rawReads).toEqual([]);
  });

  it("an unsupported function runs over raw series; a fragment over the byte budget is refused by name", async () => {
    const { store } = dataSet(7, 2, 4_000);
    const parted = createEngine(store.source, { pushdown: store.port });
    await parted.instantQuery("sum(avg_over_time(m_total[30m]))", 1_900_000);
    expect(store.seen.across).toEqual([]);
    expect(store.seen.rawReads.length).toBe(1);
    await expect(parted.instantQuery("sum(increase(m_total[30m]))", 1_900_000)).rejects.toThrow(
      /needs more than .* narrow the selector's matchers/,
    );
  });
});

describe("the order of groups from merged states", () => {
  it("is decided by the first series with a value, even one a shard sent its key for only because an earlier one may have none", async () => {
    // Keys order a1 < a2 < b1; a1 has one sample (no rate), so group a's first series is a2 and a comes first.
    const all = new MemorySource();
    const store = new MemoryPartitions(LENGTH, OVERLAP, 1);
    const ts = Array.from({ length: 80 }, (_, i) => i * STEP);
    const add = (labels: Record<string, string>, t: number[]) => {
      const vs = Float64Array.from(t, (x) => x / 1000);
      all.add(labels, t, vs);
      store.add(labels, t, vs);
    };
    add({ __name__: "m_total", i: "1", job: "a" }, [650_000]);
    // a2 only in the partition where a1 is, after it: the shard's key for a2 is the only one the Worker gets.
    add(
      { __name__: "m_total", i: "2", job: "a" },
      ts.filter((t) => t >= 630_000),
    );
    add({ __name__: "m_total", i: "3", job: "b" }, ts);
    const q = "sum by (job) (rate(m_total[20m]))";
    const got = await createEngine(store.source, { pushdown: store.port }).instantQuery(q, 1_150_000);
    expect(store.seen.across.length).toBe(1);
    expect(got).toEqual(await createEngine(all).instantQuery(q, 1_150_000));
    expect((got.result as { metric: { job: string } }[]).map((s) => s.metric.job)).toEqual(["a", "b"]);
  });
});

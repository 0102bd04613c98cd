// OTLP delta series across a metric generation's midnight: the shard makes delta points cumulative by adding each
// to the series' last stored value, and each day has its own object. The day's generation answers the cumulative
// values it stored in its last two hours and the router copies them to the next day's generation as plain samples,
// so the next day's running total continues from them: no reset at midnight, and a pushed-down window across
// midnight (answered by the next day's generation alone) sees the points before it. The midnight used is
// yesterday's: every point is in the past, whatever the hour the test runs at.
import { abortAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fromOtlpExponential } from "../../core/histogram/convert";
import { addHistograms } from "../../core/histogram/ops";
import { createEngine } from "../../core/promql/engine";
import { MemorySource } from "../../core/promql/memory-source";
import type { RawSeries } from "../../core/promql/types";
import { DAY_MS, GENERATION_OVERLAP_MS } from "../../core/shard-map/generations";
import { seriesIdentity } from "../../core/tsdb/labels";
import { QUERY_LIMITS, promqlSemantics } from "../../platform/metrics/engine";
import { shardPushdown } from "../../platform/metrics/pushdown";
import { metricGeneration, writeShardCount } from "../../platform/metrics/shards";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { byName, otlpJson, selectAll, uniq } from "./ingest-helpers";

const HOUR = 3_600_000;
const STEP = 60_000;
const MIDNIGHT = Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS;
const DAY = MIDNIGHT / DAY_MS; // the next day's generation; DAY - 1 holds the points before midnight
const FIRST = MIDNIGHT - 3 * HOUR;
const LAST = MIDNIGHT + HOUR;
const TIMES = Array.from({ length: (LAST - FIRST) / STEP + 1 }, (_, i) => FIRST + i * STEP);
const NAME = uniq("gen_delta");
const METRIC = `${NAME}_total`;
const PODS = ["a", "b", "c", "d"];
const labelsOf = (pod: string) => ({ __name__: METRIC, job: "svc", pod });
/** Each pod's increment at time index i. */
const inc = (p: number, i: number) => (i % 5) + 1 + 10 * p;
const runningSums = (p: number, times: number[]) => {
  let total = 0;
  return times.map((t) => (total += inc(p, TIMES.indexOf(t))));
};

/** One OTLP export of NAME as a monotonic sum with delta temporality. */
function deltaSum(dataPoints: unknown[]) {
  return otlpJson({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
        scopeMetrics: [
          { metrics: [{ name: NAME, sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints } }] },
        ],
      },
    ],
  });
}

/** One OTLP export: for each pod, its delta points at `times`. */
function exportDeltas(points: { pod: string; times: number[] }[]) {
  return deltaSum(
    points.flatMap(({ pod, times }) =>
      times.map((t) => ({
        attributes: [{ key: "pod", value: { stringValue: pod } }],
        startTimeUnixNano: `${t - STEP}000000`,
        timeUnixNano: `${t}000000`,
        asInt: String(inc(PODS.indexOf(pod), TIMES.indexOf(t))),
      })),
    ),
  );
}

async function accepted(res: Response) {
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({});
}

/** Pod a and b: every point, in three exports (before the last hour, across midnight, after it) with every
 * object restarted before the third. Pod c starts after midnight. Pod d was last seen before the overlap. */
const SPANS: Record<string, number[]> = {
  a: TIMES,
  b: TIMES,
  c: TIMES.filter((t) => t >= MIDNIGHT),
  d: [FIRST, FIRST + STEP, ...TIMES.filter((t) => t >= MIDNIGHT + 10 * STEP)],
};
const part = (lo: number, hi: number) =>
  PODS.map((pod) => ({ pod, times: SPANS[pod].filter((t) => t >= lo && t < hi) })).filter((p) => p.times.length);

/** Pods a, b and c as one unchanged store would hold them: the running sums. */
function reference() {
  const mem = new MemorySource();
  for (const pod of ["a", "b", "c"]) {
    const times = SPANS[pod];
    mem.add(labelsOf(pod), times, Float64Array.from(runningSums(PODS.indexOf(pod), times)));
  }
  return createEngine(mem, { ...QUERY_LIMITS, ...promqlSemantics(env) });
}

beforeAll(async () => {
  await accepted(await exportDeltas(part(FIRST, MIDNIGHT - HOUR)));
  await accepted(await exportDeltas(part(MIDNIGHT - HOUR, MIDNIGHT + 30 * 60_000)));
  // The running total lives in storage: a restart of every object (the next day's included) keeps it.
  await abortAllDurableObjects();
  await accepted(await exportDeltas(part(MIDNIGHT + 30 * 60_000, LAST + 1)));
});

const pick = (got: RawSeries[], pod: string) => got.find((s) => s.labels.pod === pod)!;

describe("OTLP delta series across midnight", () => {
  it("are continuous in raw reads: the running sum of every point, no reset at midnight", async () => {
    const got = await selectAll(byName(METRIC), FIRST - HOUR, LAST + HOUR);
    for (const pod of ["a", "b", "c"]) {
      const s = pick(got, pod);
      expect(Array.from(s.timestamps), pod).toEqual(SPANS[pod]);
      expect(Array.from(s.values), pod).toEqual(runningSums(PODS.indexOf(pod), SPANS[pod]));
    }
    const q = `resets(${METRIC}[5h])`;
    const engine = createEngine(shardedSeriesSource(env), { ...QUERY_LIMITS, ...promqlSemantics(env) });
    const r = await engine.instantQueryNumeric(q, LAST);
    expect(Object.fromEntries(r.map((x) => [x.labels.pod, x.values[0]]))).toEqual({ a: 0, b: 0, c: 0, d: 1 });
  });

  it("hold in the next day's generation its overlap as the cumulative values stored before midnight", async () => {
    const shards = await writeShardCount(env);
    for (const pod of ["a", "b"]) {
      const stub = metricGeneration(env, DAY, seriesIdentity(labelsOf(pod)).fingerprint % shards);
      const r = await stub.select([...byName(METRIC), { name: "pod", op: "=", value: pod }], 0, LAST + HOUR);
      if (r.error !== undefined) throw new Error(r.error);
      const [s] = r.value;
      const times = TIMES.filter((t) => t >= MIDNIGHT - GENERATION_OVERLAP_MS);
      expect(Array.from(s.timestamps), pod).toEqual(times);
      const sums = runningSums(PODS.indexOf(pod), TIMES);
      expect(Array.from(s.values), pod).toEqual(sums.slice(TIMES.length - times.length));
    }
  });

  it("answer increase and rate over a window across midnight the same pushed down and over raw reads", async () => {
    const ref = reference();
    const raw = createEngine(shardedSeriesSource(env), { ...QUERY_LIMITS, ...promqlSemantics(env) });
    const port = shardPushdown(env);
    // The raw path is closed: an answer can only come from the next day's generation.
    const closed = {
      ...shardedSeriesSource(env),
      select: async () => {
        throw new Error("raw read");
      },
    };
    const pushed = createEngine(closed, { ...QUERY_LIMITS, ...promqlSemantics(env), pushdown: port });
    const at = MIDNIGHT + 30 * 60_000;
    expect(await port.accepts!({ start: at - 2 * HOUR, end: at })).toBe(true);
    const sel = `${METRIC}{pod=~"a|b|c"}`;
    for (const q of [
      `sum by (pod) (increase(${sel}[90m]))`,
      `sum by (pod) (rate(${sel}[2h]))`,
      `sum(increase(${sel}[1h]))`,
    ]) {
      const want = await ref.instantQuery(q, at);
      expect(await raw.instantQuery(q, at), q).toEqual(want);
      expect(await pushed.instantQuery(q, at), q).toEqual(want);
    }
  });

  it("restart a series last seen before the overlap from its first point after midnight (a counter reset)", async () => {
    const [s] = await selectAll([...byName(METRIC), { name: "pod", op: "=", value: "d" }], FIRST - HOUR, LAST + HOUR);
    expect(Array.from(s.timestamps)).toEqual(SPANS.d);
    expect(Array.from(s.values)).toEqual([...runningSums(3, SPANS.d.slice(0, 2)), ...runningSums(3, SPANS.d.slice(2))]);
  });

  it("refuse nothing but say so when a point before midnight arrives after the next day's points", async () => {
    const late = (t: number) =>
      deltaSum([
        { attributes: [{ key: "pod", value: { stringValue: "late" } }], timeUnixNano: `${t}000000`, asInt: "5" },
      ]);
    await accepted(await late(MIDNIGHT + STEP));
    const res = await late(MIDNIGHT - STEP);
    const body = (await res.json()) as { partialSuccess?: { rejectedDataPoints?: string; errorMessage: string } };
    expect(Number(body.partialSuccess?.rejectedDataPoints ?? 0)).toBe(0);
    expect(body.partialSuccess?.errorMessage).toMatch(/missing from the next day's copy/);
  });
});

describe("OTLP delta native histograms across midnight", () => {
  const name = uniq("gen_delta_hist");
  const point = (i: number) => ({
    scale: 2,
    count: 6 * i,
    sum: 2.5 * i,
    zeroCount: i,
    zeroThreshold: 0,
    positive: { offset: -3, bucketCounts: [i, 0, 3 * i] },
    negative: { offset: 0, bucketCounts: [i] },
  });
  const times = [MIDNIGHT - 90 * STEP, MIDNIGHT - 30 * STEP, MIDNIGHT + 30 * STEP, MIDNIGHT + 60 * STEP];
  const exportAt = (ts: number[]) =>
    otlpJson({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "svc" } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name,
                  unit: "s",
                  exponentialHistogram: {
                    aggregationTemporality: 1,
                    dataPoints: ts.map((t) => {
                      const p = point(times.indexOf(t) + 1);
                      return {
                        timeUnixNano: `${t}000000`,
                        count: String(p.count),
                        sum: p.sum,
                        scale: p.scale,
                        zeroCount: String(p.zeroCount),
                        positive: { offset: p.positive.offset, bucketCounts: p.positive.bucketCounts.map(String) },
                        negative: { offset: p.negative.offset, bucketCounts: p.negative.bucketCounts.map(String) },
                      };
                    }),
                  },
                },
              ],
            },
          ],
        },
      ],
    });

  it("add up across midnight: the next day's first histogram continues the total, a restart in between", async () => {
    await accepted(await exportAt(times.slice(0, 3)));
    await abortAllDurableObjects();
    await accepted(await exportAt(times.slice(3)));
    const [s] = await selectAll(byName(`${name}_seconds`), FIRST, LAST + HOUR);
    expect(Array.from(s.timestamps)).toEqual(times);
    const totals = times.map((_, i) => point(i + 1)).map((p) => fromOtlpExponential(p));
    for (let i = 1; i < totals.length; i++) totals[i] = addHistograms(totals[i - 1], totals[i]);
    expect(Array.from(s.histograms ?? [], (h) => h?.count)).toEqual(totals.map((h) => h.count));
    expect(Array.from(s.histograms ?? [], (h) => h?.counterResetHint)).toEqual([
      "unknown",
      "not_reset",
      "not_reset",
      "not_reset",
    ]);
    const engine = createEngine(shardedSeriesSource(env), { ...QUERY_LIMITS, ...promqlSemantics(env) });
    const r = await engine.instantQueryNumeric(`resets(${name}_seconds[5h])`, LAST);
    expect(r.map((x) => x.values[0])).toEqual([0]);
  });
});

// Native histograms end to end: written by remote_write 1.0 (integer histograms) and 2.0 (float, custom
// buckets) and OTLP (cumulative exponential histograms), stored in the metric shards' histogram chunks, and answered by /api/v1/query and query_range exactly
// as the engine answers over the same FloatHistograms in memory; unchanged after the shards restart, and never
// through pushdown (fragments evaluate floats only: a shard refuses a fragment whose series hold histograms).
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { fromOtlpExponential, fromWireHistogram, type WireHistogram } from "../../core/histogram/convert";
import { addHistograms } from "../../core/histogram/ops";
import { createEngine } from "../../core/promql/engine";
import { MemorySource } from "../../core/promql/memory-source";
import { encodeHistogram } from "../../core/remote-write/encode-histogram";
import { V2_CONTENT_TYPE, remoteWriteV2Body } from "../../core/remote-write/encode-v2";
import { promqlSemantics, QUERY_LIMITS } from "../../platform/metrics/engine";
import { shardPushdown } from "../../platform/metrics/pushdown";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { PushdownRefused } from "../../core/promql/pushdown/port";
import type { MetricShard } from "../../durable/metric-shard/metric-shard";
import { config } from "../../platform/env";
import { liveMetricObjects, type shardStub } from "../../platform/metrics/shards";
import { call } from "./helpers";
import { byName, otlpJson, remoteWrite, selectAll, uniq } from "./ingest-helpers";

const STEP = 15_000;
const N = 60;
const now = Date.now();
const t0 = Math.floor((now - 30 * 60_000) / STEP) * STEP;
const times = Array.from({ length: N }, (_, i) => t0 + i * STEP);
const tEnd = times[N - 1];
const ints = uniq("nh_rpc_seconds");
const floats = uniq("nh_custom_seconds");
const otlpName = uniq("nh_otlp");
/** Floats first (150 of them, so one chunk is sealed and can move to the cold tier), then histograms. */
const mixed = uniq("nh_mixed");
const floatTimes = Array.from({ length: 150 }, (_, i) => t0 - (150 - i) * 10_000);

/** An OTLP exponential point (cumulative), scale 2, growing with i. */
function exponentialAt(i: number) {
  return {
    scale: 2,
    count: 6 * i,
    sum: 2.5 * i,
    zeroCount: i,
    zeroThreshold: 0,
    positive: { offset: -3, bucketCounts: [i, 0, 3 * i] },
    negative: { offset: 0, bucketCounts: [i] },
  };
}

/** A counter with one reset half way: integer buckets, delta-encoded as Prometheus sends them. */
function integerAt(i: number, pod: number): WireHistogram {
  const k = (i < 30 ? i + 1 : i - 29) * (pod + 1);
  return {
    count: 5 * k,
    sum: 3.5 * k,
    schema: 0,
    zeroThreshold: 1e-128,
    zeroCount: k,
    positiveSpans: [
      { offset: -1, length: 2 },
      { offset: 1, length: 1 },
    ],
    positiveDeltas: [k, k, -k],
    negativeSpans: [],
    resetHint: 0,
  };
}

/** One OTLP export of exponential histogram points (timestamps in ms). */
function otlpExport(name: string, temporality: number, points: { t: number; p: ReturnType<typeof exponentialAt> }[]) {
  return otlpJson({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "checkout" } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name,
                unit: "s",
                exponentialHistogram: {
                  aggregationTemporality: temporality,
                  dataPoints: points.map(({ t, p }) => ({
                    timeUnixNano: `${t}000000`,
                    count: String(p.count),
                    sum: p.sum,
                    scale: p.scale,
                    zeroCount: String(p.zeroCount),
                    positive: { offset: p.positive.offset, bucketCounts: p.positive.bucketCounts.map(String) },
                    negative: { offset: p.negative.offset, bucketCounts: p.negative.bucketCounts.map(String) },
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

function customAt(i: number): WireHistogram {
  return {
    count: 4.5 * i,
    sum: 0.7 * i,
    schema: -53,
    zeroThreshold: 0,
    zeroCount: 0,
    positiveSpans: [{ offset: 0, length: 4 }],
    positiveCounts: [i, 2 * i, i, 0.5 * i],
    negativeSpans: [],
    resetHint: 0,
    customValues: [0.1, 0.5, 1],
  };
}

const memory = new MemorySource();
const reference = createEngine(memory, { ...QUERY_LIMITS, ...promqlSemantics(env) });

async function api(path: string, params: Record<string, string>) {
  const res = await call(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  const body = (await res.json()) as { status: string; data: unknown; error?: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.data;
}

const instant = (q: string, t = tEnd) => api("/api/v1/query", { query: q, time: String(t / 1000) });
const range = (q: string, start: number, end: number, step: number) =>
  api("/api/v1/query_range", {
    query: q,
    start: String(start / 1000),
    end: String(end / 1000),
    step: String(step / 1000),
  });
const json = (x: unknown) => JSON.parse(JSON.stringify(x));

const INSTANT = [
  () => ints,
  () => `${ints}[1m]`,
  () => `histogram_quantile(0.9, rate(${ints}[5m]))`,
  () => `histogram_count(rate(${ints}[5m]))`,
  () => `histogram_sum(increase(${ints}[10m]))`,
  () => `sum by (job) (rate(${ints}[5m]))`,
  () => `histogram_quantile(0.5, sum(rate(${floats}[2m])))`,
  () => `histogram_fraction(0, 0.5, ${floats})`,
  () => `resets(${ints}[15m])`,
  () => `histogram_quantile(0.99, rate(${otlpName}_seconds[5m]))`,
  () => `histogram_count(${otlpName}_seconds)`,
  () => `count_over_time(${mixed}[40m])`,
  () => `${mixed}[40m]`,
  () => `rate(${mixed}[5m])`,
];

async function expectSameAnswers() {
  for (const q of INSTANT) {
    for (const t of [tEnd, t0 + 31 * STEP])
      expect(await instant(q(), t), q()).toEqual(json(await reference.instantQuery(q(), t)));
  }
  const rq = `histogram_quantile(0.9, rate(${ints}[2m]))`;
  const start = t0 + 4 * STEP;
  expect(await range(rq, start, tEnd, 30_000)).toEqual(json(await reference.rangeQuery(rq, start, tEnd, 30_000)));
  const rc = `histogram_count(${floats})`;
  expect(await range(rc, t0, tEnd, 60_000)).toEqual(json(await reference.rangeQuery(rc, t0, tEnd, 60_000)));
  const rm = `sum_over_time(${mixed}[3m])`;
  const from = floatTimes[0];
  expect(await range(rm, from, tEnd, 60_000)).toEqual(json(await reference.rangeQuery(rm, from, tEnd, 60_000)));
}

/** Every object a read consults, and a test hook run on one. */
async function shards() {
  return (await liveMetricObjects(env)).map((o) => o.stub);
}
const inShard = <T>(s: ReturnType<typeof shardStub>, fn: (o: MetricShard) => T | Promise<T>) =>
  runInDurableObject(s, (inst) => fn(inst as unknown as MetricShard));

describe("native histograms through ingest, storage and the query API", () => {
  beforeAll(async () => {
    for (const pod of [0, 1]) {
      const labels = { __name__: ints, job: "api", pod: `p${pod}` };
      const res = await remoteWrite([
        { labels, samples: [], histograms: times.map((t, i) => encodeHistogram(integerAt(i, pod), t)) },
      ]);
      expect(res.status, await res.text()).toBe(204);
      memory.add(
        labels,
        times,
        times.map(() => 0),
        times.map((_, i) => fromWireHistogram(integerAt(i, pod))),
      );
    }
    const labels = { __name__: floats, job: "web" };
    const res = await remoteWrite([], {
      headers: { "content-type": V2_CONTENT_TYPE, "x-prometheus-remote-write-version": "2.0.0" },
      body: remoteWriteV2Body([
        { labels, samples: [], histograms: times.map((t, i) => encodeHistogram(customAt(i), t)) },
      ]),
    });
    expect(res.status, await res.text()).toBe(204);
    expect(res.headers.get("x-prometheus-remote-write-histograms-written")).toBe(String(N));
    expect(res.headers.get("x-prometheus-remote-write-samples-written")).toBe("0");
    memory.add(
      labels,
      times,
      times.map(() => 0),
      times.map((_, i) => fromWireHistogram(customAt(i))),
    );
    const mixedLabels = { __name__: mixed, job: "batch" };
    const mixedRes = await remoteWrite([
      { labels: mixedLabels, samples: floatTimes.map((t, i) => ({ t, v: i * 3 })), histograms: [] },
      { labels: mixedLabels, samples: [], histograms: times.map((t, i) => encodeHistogram(integerAt(i, 0), t)) },
    ]);
    expect(mixedRes.status, await mixedRes.text()).toBe(204);
    memory.add(
      mixedLabels,
      [...floatTimes, ...times],
      [...floatTimes.map((_, i) => i * 3), ...times.map(() => 0)],
      [...floatTimes.map(() => undefined), ...times.map((_, i) => fromWireHistogram(integerAt(i, 0)))],
    );
    const otlp = await otlpExport(
      otlpName,
      2,
      times.map((t, i) => ({ t, p: exponentialAt(i) })),
    );
    expect(otlp.status).toBe(200);
    expect(await otlp.json()).toEqual({});
    memory.add(
      { __name__: `${otlpName}_seconds`, job: "checkout" },
      times,
      times.map(() => 0),
      times.map((_, i) => fromOtlpExponential(exponentialAt(i))),
    );
  });

  it("stores every histogram exactly: the raw select returns the FloatHistograms written", async () => {
    const [s] = await selectAll(byName(floats));
    expect(Array.from(s.timestamps)).toEqual(times);
    expect(s.histograms).toEqual(times.map((_, i) => fromWireHistogram(customAt(i))));
    // Storage figures count the histogram rows with the float chunks.
    const stats = await Promise.all((await shards()).map((sh) => sh.stats()));
    expect(stats.reduce((n, st) => n + st.samples, 0)).toBeGreaterThanOrEqual(5 * N + floatTimes.length);
    const pods = await selectAll(byName(ints));
    expect(pods).toHaveLength(2);
    for (const p of pods)
      expect(p.histograms).toEqual(times.map((_, i) => fromWireHistogram(integerAt(i, p.labels.pod === "p1" ? 1 : 0))));
  });

  it("answers /api/v1/query and query_range as the engine does over the same histograms in memory", async () => {
    const got = (await instant(`histogram_count(rate(${ints}[5m]))`)) as { result: unknown[] };
    expect(got.result).toHaveLength(2);
    const otlp = (await instant(`histogram_count(${otlpName}_seconds)`)) as { result: unknown[] };
    expect(otlp.result).toEqual([{ metric: { job: "checkout" }, value: [tEnd / 1000, String(6 * (N - 1))] }]);
    await expectSameAnswers();
  });

  it("refuses pushdown for a selector over histograms, and keeps it for float selectors in the same window", async () => {
    const port = shardPushdown(env);
    const refusals: string[] = [];
    const pushdown = {
      ...port,
      run: (f: Parameters<typeof port.run>[0]) =>
        port.run(f).catch((e: unknown) => {
          refusals.push(e instanceof PushdownRefused ? e.message : `unexpected: ${e}`);
          throw e;
        }),
    };
    const engine = createEngine(shardedSeriesSource(env), { ...QUERY_LIMITS, ...promqlSemantics(env), pushdown });
    const floatName = uniq("nh_beside_total");
    const floatLabels = { __name__: floatName, job: "api" };
    const res = await remoteWrite([{ labels: floatLabels, samples: times.map((t, i) => ({ t, v: 4 * i })) }]);
    expect(res.status, await res.text()).toBe(204);
    const withFloats = new MemorySource();
    withFloats.add(
      floatLabels,
      times,
      times.map((_, i) => 4 * i),
    );
    const floatQuery = `sum(rate(${floatName}[5m]))`;
    expect(await engine.instantQueryNumeric(floatQuery, tEnd)).toEqual(
      await createEngine(withFloats, QUERY_LIMITS).instantQueryNumeric(floatQuery, tEnd),
    );
    expect(refusals).toEqual([]);
    const histQuery = `sum by (job) (rate(${ints}[5m]))`;
    const viaShards = await engine.instantQueryNumeric(histQuery, tEnd);
    expect(refusals).toEqual([expect.stringContaining("native histograms")]);
    expect(viaShards).toEqual(await reference.instantQueryNumeric(histQuery, tEnd));
    expect(viaShards[0].histograms?.[0]).toBeDefined();
  });

  it("counts a re-sent histogram as a duplicate and a different one at the same time as a conflict", async () => {
    const labels = { __name__: ints, job: "api", pod: "p0" };
    const same = await remoteWrite([{ labels, samples: [], histograms: [encodeHistogram(integerAt(N - 1, 0), tEnd)] }]);
    expect(same.status).toBe(204);
    const other = await remoteWrite([{ labels, samples: [], histograms: [encodeHistogram(integerAt(3, 0), tEnd)] }]);
    expect(other.status).toBe(400);
    expect(await other.text()).toMatch(/1 samples rejected as duplicates with a different value/);
  });

  it("gives the same answers after every shard restarts", async () => {
    await abortAllDurableObjects();
    await expectSameAnswers();
  });

  it("adds OTLP delta exponential histograms to the series' last one; a re-sent export is refused, not counted twice", async () => {
    const name = uniq("nh_delta");
    const first = await otlpExport(name, 1, [
      { t: t0, p: exponentialAt(1) },
      { t: t0 + STEP, p: exponentialAt(2) },
    ]);
    expect(await first.json()).toEqual({});
    const again = await otlpExport(name, 1, [{ t: t0 + STEP, p: exponentialAt(2) }]);
    const refused = (await again.json()) as { partialSuccess: { rejectedDataPoints: string; errorMessage: string } };
    expect(refused.partialSuccess.rejectedDataPoints).toBe("1");
    expect(refused.partialSuccess.errorMessage).toMatch(/out-of-order/);
    expect(await (await otlpExport(name, 1, [{ t: t0 + 2 * STEP, p: exponentialAt(4) }])).json()).toEqual({});
    const [s] = await selectAll(byName(`${name}_seconds`));
    const [a, b, c] = [1, 2, 4].map((i) => fromOtlpExponential(exponentialAt(i)));
    const ab = addHistograms(a, b);
    expect(s.histograms).toEqual([
      { ...a, counterResetHint: "unknown" },
      { ...ab, counterResetHint: "not_reset" },
      { ...addHistograms(ab, c), counterResetHint: "not_reset" },
    ]);
    const q = (await instant(`histogram_count(${name}_seconds)`, t0 + 2 * STEP)) as { result: unknown[] };
    expect(q.result).toEqual([{ metric: { job: "checkout" }, value: [(t0 + 2 * STEP) / 1000, String(6 * 7)] }]);
  });

  it("lists histogram-only series in /api/v1/series", async () => {
    const res = await call(`/api/v1/series?${new URLSearchParams({ "match[]": floats, start: String(t0 / 1000) })}`);
    expect(((await res.json()) as { data: unknown }).data).toEqual([{ __name__: floats, job: "web" }]);
  });

  it("gives the same answers once sealed chunks moved to the cold tier (the histograms here fit their open chunks, which stay rows)", async () => {
    const later = Date.now() + 10 * 3_600_000;
    await Promise.all((await shards()).map((s) => inShard(s, (o) => o.compactCold(later))));
    const blocks = await Promise.all((await shards()).map((s) => inShard(s, (o) => o.coldBlocks())));
    expect(blocks.flat().length).toBeGreaterThan(0);
    await expectSameAnswers();
  });

  it("retention drops histogram rows past RETENTION_DAYS and the series left without data", async () => {
    const past = tEnd + config(env).retentionDays * 86_400_000 + 60_000;
    await Promise.all((await shards()).map((s) => inShard(s, (o) => o.retention(past))));
    expect(await selectAll(byName(floats))).toEqual([]);
    expect(await selectAll(byName(ints))).toEqual([]);
    const res = await call(`/api/v1/series?${new URLSearchParams({ "match[]": floats, start: "0" })}`);
    expect(((await res.json()) as { data: unknown }).data).toEqual([]);
  });
});

// Metric shards partitioned in time (issue 12): a generation per UTC day (`metrics-<day>-<i>`), each also holding
// the previous day's last two hours. A day rollover starts the next generation; reads over both days return every
// sample once; pushdown answers a window across midnight from the next day's generation alone; retention drops
// whole old generations with their R2 blocks; objects of the layout before generations (`shard-<i>`) still
// answer. Days are chosen by explicit timestamps around today's midnight, never by waiting on the clock.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../core/promql/engine";
import { encodeHistogram } from "../../core/remote-write/encode-histogram";
import { fromWireHistogram } from "../../core/histogram/convert";
import { encodeHistChunk } from "../../core/tsdb/hist-chunk";
import { MemorySource } from "../../core/promql/memory-source";
import type { RawSeries } from "../../core/promql/types";
import { DAY_MS, GENERATION_OVERLAP_MS, generationDropAt, oldestLiveDay } from "../../core/shard-map/generations";
import { seriesIdentity } from "../../core/tsdb/labels";
import type { MetricShard } from "../../durable/metric-shard/metric-shard";
import { config } from "../../platform/env";
import { QUERY_LIMITS, promqlSemantics } from "../../platform/metrics/engine";
import { shardPushdown } from "../../platform/metrics/pushdown";
import { metricGeneration, metricGenerationName, shardStub, writeShardCount } from "../../platform/metrics/shards";
import { shardedSeriesSource } from "../../platform/metrics/source";
import { reloadShardMap } from "../../platform/shard-map/shard-map";
import { call } from "./helpers";
import { byName, remoteWrite, selectAll, uniq } from "./ingest-helpers";

const HOUR = 3_600_000;
const STEP = 60_000;
const MIDNIGHT = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const TODAY = MIDNIGHT / DAY_MS;
const YESTERDAY = TODAY - 1;
const RETENTION = config(env).retentionDays;

const METRIC = uniq("gen_requests_total");
const SERIES = ["a", "b", "c", "d", "e", "f"].map((pod) => ({ __name__: METRIC, job: "api", pod }));
// From three hours before midnight to an hour after it (or to now, when midnight was less than an hour ago).
const FIRST = MIDNIGHT - 3 * HOUR;
const LAST = Math.min(MIDNIGHT + HOUR, Math.floor((Date.now() - STEP) / STEP) * STEP);
const TIMES = Array.from({ length: (LAST - FIRST) / STEP + 1 }, (_, i) => FIRST + i * STEP);
const value = (s: number, i: number) => (s === 2 && i >= 150 ? i - 150 : i) * (s + 1);

let shards = 0;

async function shardMapView() {
  const res = await call("/api/admin/shard-map");
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

const promQuery = async (path: string, params: Record<string, string>) => {
  const res = await call(`${path}?${new URLSearchParams(params)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as any).data;
};

/** The same samples in one unchanged in-memory store. */
/** The same answer: every label, time and shape identical, each value equal or, where merged partials added a
 * sum in another order than the one store did, within 1e-12 of it (the property tests' rule, tighter). */
function expectSameAnswer(got: unknown, want: unknown, q: string) {
  const numbers: [string, string][] = [];
  const shape = (x: unknown, into: string[]) =>
    JSON.stringify(x, (_k, v) => {
      if (typeof v === "string" && /^[-+]?([0-9.e+-]+|Inf|NaN)$/.test(v) && v !== "") {
        into.push(v);
        return "#";
      }
      return v;
    });
  const a: string[] = [];
  const b: string[] = [];
  expect(shape(got, a), q).toBe(shape(want, b));
  a.forEach((x, i) => numbers.push([x, b[i]]));
  for (const [x, y] of numbers) {
    const [u, v] = [Number(x.replace("Inf", "Infinity")), Number(y.replace("Inf", "Infinity"))];
    const same =
      u === v || (Number.isNaN(u) && Number.isNaN(v)) || Math.abs(u - v) <= 1e-12 * Math.max(Math.abs(u), Math.abs(v));
    expect(same, `${q}: ${x} vs ${y}`).toBe(true);
  }
}

function reference() {
  const mem = new MemorySource();
  SERIES.forEach((labels, s) =>
    mem.add(
      labels,
      TIMES,
      Float64Array.from(TIMES, (_, i) => value(s, i)),
    ),
  );
  return createEngine(mem, { ...QUERY_LIMITS, ...promqlSemantics(env) });
}

/** What one object holds of `name`, unclipped (the object's own select, every time). */
async function held(stub: ReturnType<typeof shardStub>, name = METRIC): Promise<RawSeries[]> {
  const r = await stub.select(byName(name), 0, Date.now() + HOUR);
  if (r.error !== undefined) throw new Error(r.error);
  return r.value as unknown as RawSeries[];
}

const homeOf = (labels: Record<string, string>) => seriesIdentity(labels).fingerprint % shards;

beforeAll(async () => {
  // A new install: the metrics map is daily from the start.
  const view = await shardMapView();
  expect(view.metrics.generationsFrom).toBe(0);
  expect(view.metrics.epochs).toMatchObject([{ epoch: 0, daily: true }]);
  shards = await writeShardCount(env);
  const res = await remoteWrite(
    SERIES.map((labels, s) => ({ labels, samples: TIMES.map((t, i) => ({ t, v: value(s, i) })) })),
  );
  expect(res.status, await res.clone().text()).toBe(204);
});

describe("metric generations: a day rollover", () => {
  it("starts the next generation: each day's samples in its own object, the last two hours of yesterday in both", async () => {
    const labels = SERIES[0];
    const [old] = await held(metricGeneration(env, YESTERDAY, homeOf(labels)));
    const [now] = await held(metricGeneration(env, TODAY, homeOf(labels)));
    expect(Array.from(old.timestamps)).toEqual(TIMES.filter((t) => t < MIDNIGHT));
    expect(Array.from(now.timestamps)).toEqual(TIMES.filter((t) => t >= MIDNIGHT - GENERATION_OVERLAP_MS));
    expect(Array.from(now.values)).toEqual(
      TIMES.map((_, i) => value(0, i)).filter((_, i) => TIMES[i] >= MIDNIGHT - GENERATION_OVERLAP_MS),
    );
    // Each object knows its day.
    await runInDurableObject(metricGeneration(env, TODAY, homeOf(labels)), async (_o, state) => {
      expect(state.storage.sql.exec("SELECT value FROM shard_meta WHERE key = 'day'").one().value).toBe(TODAY);
    });
  });

  it("counts every sample once in the storage figures: the overlap copies are counted in their own day", async () => {
    // Before any other test writes: the generations hold SERIES only.
    const count = async (day: number) => {
      let n = 0;
      for (let i = 0; i < shards; i++) n += (await metricGeneration(env, day, i).stats()).samples;
      return n;
    };
    expect(await count(YESTERDAY)).toBe(SERIES.length * TIMES.filter((t) => t < MIDNIGHT).length);
    expect(await count(TODAY)).toBe(SERIES.length * TIMES.filter((t) => t >= MIDNIGHT).length);
    const res = await call("/api/metrics/storage");
    expect(((await res.json()) as { samples: number }).samples).toBe(SERIES.length * TIMES.length);
  });

  it("returns every sample once from raw reads over both days", async () => {
    const got = await selectAll(byName(METRIC), FIRST - HOUR, Date.now() + HOUR);
    expect(got).toHaveLength(SERIES.length);
    for (const s of got) {
      const idx = SERIES.findIndex((l) => l.pod === s.labels.pod);
      expect(Array.from(s.timestamps)).toEqual(TIMES);
      expect(Array.from(s.values)).toEqual(TIMES.map((_, i) => value(idx, i)));
    }
    // A window inside the overlap, read from both generations: still once.
    const overlap = await selectAll(byName(METRIC), MIDNIGHT - HOUR, MIDNIGHT + HOUR);
    for (const s of overlap) {
      expect(Array.from(s.timestamps)).toEqual(TIMES.filter((t) => t >= MIDNIGHT - HOUR && t <= MIDNIGHT + HOUR));
    }
    const range = { start: String(FIRST / 1000 - 60), end: String(Date.now() / 1000 + 60) };
    const series = await promQuery("/api/v1/series", { "match[]": METRIC, ...range });
    expect(series).toHaveLength(SERIES.length);
    expect(await promQuery("/api/v1/label/pod/values", { "match[]": METRIC, ...range })).toEqual(
      SERIES.map((s) => s.pod),
    );
  });

  it("answers PromQL across midnight as one unchanged store does (merged sums to 1e-12)", async () => {
    const ref = reference();
    for (const q of [
      `sum(rate(${METRIC}[5m]))`,
      `sum by (pod) (increase(${METRIC}[1h]))`,
      `count_over_time(${METRIC}[30m])`,
      METRIC,
    ]) {
      const got = await promQuery("/api/v1/query_range", {
        query: q,
        start: String(FIRST / 1000),
        end: String(LAST / 1000),
        step: "120",
      });
      expectSameAnswer(got, await ref.rangeQuery(q, FIRST, LAST, 120_000), q);
    }
  });

  it("pushes down within a day, and a window across midnight inside the overlap to the next day's generation", async () => {
    const ref = reference();
    const port = shardPushdown(env);
    // The raw path is closed: an answer can only come from the generations' partials.
    const source = {
      ...shardedSeriesSource(env),
      select: async () => {
        throw new Error("raw read");
      },
    };
    const pushed = createEngine(source, { ...QUERY_LIMITS, ...promqlSemantics(env), pushdown: port });
    const within = MIDNIGHT - 30 * 60_000;
    const across = Math.min(MIDNIGHT + 30 * 60_000, LAST);
    expect(await port.accepts!({ start: MIDNIGHT - 3 * HOUR, end: within })).toBe(true);
    expect(await port.accepts!({ start: MIDNIGHT - GENERATION_OVERLAP_MS, end: across })).toBe(true);
    expect(await port.accepts!({ start: MIDNIGHT - GENERATION_OVERLAP_MS - 1, end: across })).toBe(false);
    for (const q of [`sum(sum_over_time(${METRIC}[1h]))`, `sum by (pod) (rate(${METRIC}[90m]))`, `count(${METRIC})`]) {
      expect(await pushed.instantQuery(q, within), `${q} @ ${within}`).toEqual(await ref.instantQuery(q, within));
      expect(await pushed.instantQuery(q, across), `${q} @ ${across}`).toEqual(await ref.instantQuery(q, across));
    }
    // A window no generation holds whole, under a range function that does not decompose into per-day states
    // (metric-generations-across.test.ts has those that do), goes to the raw path (closed here).
    await expect(pushed.instantQuery(`sum(avg_over_time(${METRIC}[3h]))`, across)).rejects.toThrow(/raw read/);
    expect(await port.splitPoints!(FIRST, LAST)).toEqual(LAST >= MIDNIGHT ? [MIDNIGHT] : []);
  });
});

describe("metric generations: native histograms", () => {
  it("split at midnight like floats: each day's in its generation, the overlap in both, read back once", async () => {
    const name = uniq("gen_hist_seconds");
    const labels = { __name__: name, job: "api" };
    const times = TIMES.filter((_, i) => i % 10 === 0);
    const at = (k: number) => ({
      count: 2 * k,
      sum: 1.5 * k,
      schema: 0,
      zeroThreshold: 1e-128,
      zeroCount: k,
      positiveSpans: [{ offset: 0, length: 1 }],
      positiveDeltas: [k],
      negativeSpans: [],
      resetHint: 0,
    });
    const res = await remoteWrite([
      { labels, samples: [], histograms: times.map((t, i) => encodeHistogram(at(i + 1), t)) },
    ]);
    expect(res.status, await res.clone().text()).toBe(204);
    const [old] = await held(metricGeneration(env, YESTERDAY, homeOf(labels)), name);
    const [now] = await held(metricGeneration(env, TODAY, homeOf(labels)), name);
    expect(Array.from(old.timestamps)).toEqual(times.filter((t) => t < MIDNIGHT));
    expect(Array.from(now.timestamps)).toEqual(times.filter((t) => t >= MIDNIGHT - GENERATION_OVERLAP_MS));
    const [got] = await selectAll(byName(name), FIRST, Date.now() + HOUR);
    expect(Array.from(got.timestamps)).toEqual(times);
    expect(Array.from(got.histograms ?? [], (h) => h?.count)).toEqual(times.map((_, i) => 2 * (i + 1)));
  });
});

describe("metric generations: retention", () => {
  const expiredDay = oldestLiveDay(RETENTION, Date.now()) - 1;
  const oldestDay = expiredDay + 1;
  const name = uniq("gen_retention");
  const labels = { __name__: name, job: "api" };
  const times = (day: number) => Array.from({ length: 300 }, (_, i) => day * DAY_MS + HOUR + i * STEP);

  it("refuses samples of a day retention has dropped, and says so", async () => {
    const res = await remoteWrite([{ labels, samples: times(expiredDay).map((t, i) => ({ t, v: i })) }]);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(
      new RegExp(`300 samples rejected as out of bounds: older than the ${RETENTION}-day`),
    );
  });

  it("drops a whole old generation with its R2 blocks, and keeps the newer ones", async () => {
    // The expired day's generation as it was written when that day was current, its sealed chunks in R2 (its
    // day is recorded last: once recorded, its alarm is due at once).
    const stub = metricGeneration(env, expiredDay, homeOf(labels));
    const ts = times(expiredDay);
    // A native histogram series beside it: its sealed chunks go to histogram blocks, dropped the same way.
    const histogramAt = (i: number) =>
      fromWireHistogram({
        count: 2 * i,
        sum: i,
        schema: 0,
        zeroThreshold: 0,
        zeroCount: i,
        positiveSpans: [{ offset: 0, length: 1 }],
        positiveDeltas: [i],
        negativeSpans: [],
        resetHint: 0,
      });
    const appended = await stub.append({
      series: [{ labels, timestamps: ts, values: Float64Array.from(ts, (_, i) => i) }],
      histograms: [
        {
          ...seriesIdentity({ ...labels, __name__: `${name}_hist` }),
          data: encodeHistChunk(ts.map((t, i) => ({ t, h: histogramAt(i) }))),
        },
      ],
    });
    if (appended.error !== undefined) throw new Error(appended.error);
    expect(appended.value.accepted).toBe(2 * ts.length);
    const inShard = <T>(s: typeof stub, fn: (o: MetricShard, state: DurableObjectState) => T | Promise<T>) =>
      runInDurableObject(s, (o, state) => fn(o as unknown as MetricShard, state));
    await inShard(stub, (o) => o.compactCold(Date.now()));
    const blocks = await inShard(stub, (o) => o.coldBlocks());
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.some((b) => b.kind === "histogram")).toBe(true);
    for (const b of blocks) expect(await env.BLOCKS.head(b.key)).not.toBeNull();
    await inShard(stub, (_o, state) => state.storage.put("sentinel", 1));
    expect((await stub.append({ day: expiredDay })).error).toBeUndefined();

    // Reads no longer consult it, even before its alarm has run.
    expect(await selectAll(byName(name), expiredDay * DAY_MS, (expiredDay + 1) * DAY_MS)).toHaveLength(0);

    const kept = await remoteWrite([{ labels, samples: times(oldestDay).map((t, i) => ({ t, v: i })) }]);
    expect(kept.status, await kept.clone().text()).toBe(204);

    // Its alarm is due at once (the drop instant has passed); run it now, whether or not it has fired meanwhile.
    await inShard(stub, (o) => o.alarm());
    await inShard(stub, async (_o, state) => {
      expect(await state.storage.get("sentinel")).toBeUndefined();
      const sql = state.storage.sql;
      for (const t of [
        "series",
        "postings",
        "chunks",
        "hist_chunks",
        "blocks",
        "cold_series",
        "cold_hist_series",
        "wal",
        "shard_meta",
      ])
        expect(sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}`).one().n, t).toBe(0);
      expect(await state.storage.getAlarm()).toBeNull();
    });
    for (const b of blocks) expect(await env.BLOCKS.head(b.key)).toBeNull();

    // The oldest day still kept: its alarm only re-arms, at most until the instant it expires.
    const keptStub = metricGeneration(env, oldestDay, homeOf(labels));
    expect(await runDurableObjectAlarm(keptStub)).toBe(true);
    await inShard(keptStub, async (_o, state) => {
      const at = await state.storage.getAlarm();
      expect(at).not.toBeNull();
      expect(at!).toBeLessThanOrEqual(generationDropAt(oldestDay, RETENTION));
    });
    const [got] = await selectAll(byName(name), oldestDay * DAY_MS, (oldestDay + 1) * DAY_MS);
    expect(Array.from(got.timestamps)).toEqual(times(oldestDay));
  });
});

describe("metric generations: objects from before them", () => {
  it("stay readable after an upgrade, and a series with samples on both sides of the switch comes back whole", async () => {
    // An install from before the shard map: samples in `shard-<i>`, no metrics epoch stored.
    const name = uniq("gen_legacy");
    const labels = { __name__: name, job: "api" };
    const t0 = Math.floor((Date.now() - 30 * 60_000) / STEP) * STEP;
    const before = Array.from({ length: 10 }, (_, i) => t0 + i * STEP);
    const legacy = shardStub(env, homeOf(labels));
    const r = await legacy.append({
      series: [{ labels, timestamps: before, values: Float64Array.from(before, (_, i) => i) }],
    });
    if (r.error !== undefined) throw new Error(r.error);
    expect(r.value.accepted).toBe(before.length);
    await env.DB.prepare("DELETE FROM shard_epochs WHERE signal = 'metrics'").run();

    // The first load keeps epoch 0 for the old objects and starts generations after it.
    const map = await reloadShardMap(env);
    expect(map.metrics.map((e) => ({ epoch: e.epoch, daily: e.daily === true }))).toEqual([
      { epoch: 0, daily: false },
      { epoch: 1, daily: true },
    ]);
    const from = map.metrics[1].activeFrom;
    expect(from).toBeGreaterThan(Date.now());
    while (Date.now() < from) await new Promise((res) => setTimeout(res, 250));
    expect((await shardMapView()).metrics.generationsFrom).toBe(from);

    const after = Array.from({ length: 10 }, (_, i) => t0 + (10 + i) * STEP);
    const res = await remoteWrite([{ labels, samples: after.map((t, i) => ({ t, v: 10 + i })) }]);
    expect(res.status, await res.clone().text()).toBe(204);
    // The new samples went to their day's generation, the old ones stay where they were.
    const genHeld = (
      await Promise.all(
        after.map((t) => Math.floor(t / DAY_MS)).map((d) => held(metricGeneration(env, d, homeOf(labels)), name)),
      )
    ).flat();
    expect(genHeld.length).toBeGreaterThan(0);
    expect(Array.from((await held(legacy, name))[0].timestamps)).toEqual(before);

    const [got] = await selectAll(byName(name), t0 - HOUR, Date.now() + HOUR);
    expect(Array.from(got.timestamps)).toEqual([...before, ...after]);
    expect(Array.from(got.values)).toEqual([...before, ...after].map((_, i) => i));
    const sum = await promQuery("/api/v1/query", {
      query: `count_over_time(${name}[1h])`,
      time: String(after[9] / 1000),
    });
    expect(sum.result.map((x: any) => x.value[1])).toEqual(["20"]);
    // The old object is no generation: it keeps its chunk-by-chunk retention.
    await runInDurableObject(legacy, async (_o, state) => {
      expect(state.storage.sql.exec("SELECT value FROM shard_meta WHERE key = 'day'").toArray()).toHaveLength(0);
    });
    expect(metricGenerationName(TODAY, 0)).toBe(`metrics-${TODAY}-0`);
  });
});

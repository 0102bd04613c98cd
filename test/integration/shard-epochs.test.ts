// Shards that grow (issue 12 §3): the shard count changes from 4 to 8 in the middle of a remote_write stream and
// of a trace, through the admin API, and every answer stays what one unchanged store gives: no sample lost,
// none doubled, each series listed once, a trace returned whole. Also: a deploy that changes the env's count
// appends an epoch.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../core/promql/engine";
import { MemorySource } from "../../core/promql/memory-source";
import type { EncodeSeries } from "../../core/remote-write/encode";
import { QUERY_LIMITS, promqlSemantics } from "../../platform/metrics/engine";
import { metricGeneration } from "../../platform/metrics/shards";
import { reloadShardMap } from "../../platform/shard-map/shard-map";
import { dayOfUs } from "../../core/shard-map/generations";
import { traceGeneration } from "../../platform/traces/shards";
import { call, json, tokenWith } from "./helpers";
import { byName, remoteWrite, selectAll, uniq } from "./ingest-helpers";
import { checkoutTrace, randomHex, toOtlpJson } from "./traces-fixtures";

const STEP = 15_000;
const PER_BATCH = 15;
const BATCHES = 8;
const T0 = Math.floor((Date.now() - 40 * 60_000) / STEP) * STEP;
const METRIC = uniq("epoch_requests_total");
const SERIES = ["a", "b", "c", "d"].flatMap((svc) =>
  Array.from({ length: 10 }, (_, pod) => ({ __name__: METRIC, svc, pod: `p${pod}` })),
);
const ts = (i: number) => T0 + i * STEP;
// Counters with a reset in some series, so rate() has something to get right.
const value = (s: number, i: number) => (s % 7 === 3 && i >= 60 ? i - 60 : i) * (s + 1);

function batch(k: number): EncodeSeries[] {
  return SERIES.map((labels, s) => ({
    labels,
    samples: Array.from({ length: PER_BATCH }, (_, j) => {
      const i = k * PER_BATCH + j;
      return { t: ts(i), v: value(s, i) };
    }),
  }));
}

async function send(k: number, onlyLast = false) {
  const body = onlyLast ? batch(k).map((s) => ({ ...s, samples: s.samples.slice(-1) })) : batch(k);
  const res = await remoteWrite(body);
  expect(res.status, await res.clone().text()).toBe(204);
}

async function shardMapView() {
  const res = await call("/api/admin/shard-map");
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

async function setShards(signal: "metrics" | "traces", shards: number) {
  const res = await json("/api/admin/shard-map", { signal, shards });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as any;
}

/** Waits until writes of `signal` route over `shards` (a new epoch activates a few seconds after it is added), and
 * go to generations (a new install's map is daily from the start). */
async function untilWritesGoTo(signal: "metrics" | "traces", shards: number) {
  for (;;) {
    const view = (await shardMapView())[signal];
    const generations = view.generationsFrom !== null && view.generationsFrom <= Date.now();
    if (view.writeShards === shards && generations) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const promQuery = async (path: string, params: Record<string, string>) => {
  const res = await call(`${path}?${new URLSearchParams(params)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as any).data;
};

const traceId = `${randomHex(16).slice(0, 31)}5`; // low 32 bits % 4 = 1, % 8 = 5: two homes
const trace = checkoutTrace({ traceId, startMs: Date.now() - 120_000, failing: true });

describe("shard map epochs: 4 -> 8 shards in the middle of a stream", () => {
  it("streams across the switch", async () => {
    await setShards("metrics", 4);
    await setShards("traces", 4);
    await untilWritesGoTo("metrics", 4);
    await untilWritesGoTo("traces", 4);
    for (let k = 0; k < 4; k++) await send(k);
    expect((await json("/v1/traces", toOtlpJson(trace.slice(0, 3)))).status).toBe(200);

    const changed = await setShards("metrics", 8);
    expect(changed.added).toMatchObject({ shards: 8, source: "api", current: false });
    expect(changed.metrics.readShards).toBe(8);
    await setShards("traces", 8);
    // Still routed over 4 until the new epoch activates; then over 8.
    await send(4);
    await untilWritesGoTo("metrics", 8);
    await untilWritesGoTo("traces", 8);
    // A client resending the newest samples it sent before the switch: a duplicate where the series was, a
    // first sample where it moves to.
    await send(4, true);
    for (let k = 5; k < BATCHES; k++) await send(k);
    expect((await json("/v1/traces", toOtlpJson(trace.slice(3)))).status).toBe(200);

    // The switch really split series: some live in two objects (of the same day, or of each day the stream
    // touched: the sum over days only grows).
    const days = [...new Set([dayOfUs(T0 * 1000), dayOfUs(Date.now() * 1000)])];
    const perObject = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        let n = 0;
        for (const d of days) {
          const r = await metricGeneration(env, d, i).series([byName(METRIC)], 0, Date.now() + 3_600_000);
          if (r.error !== undefined) throw new Error(r.error);
          n += r.value.length;
        }
        return n;
      }),
    );
    expect(perObject.slice(4).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(perObject.reduce((a, b) => a + b, 0)).toBeGreaterThan(SERIES.length);
  });

  it("returns every sample written exactly once from raw selects", async () => {
    const got = await selectAll(byName(METRIC));
    expect(got).toHaveLength(SERIES.length);
    for (const s of got) {
      const idx = SERIES.findIndex((l) => l.svc === s.labels.svc && l.pod === s.labels.pod);
      expect(idx).toBeGreaterThanOrEqual(0);
      const n = PER_BATCH * BATCHES;
      expect(Array.from(s.timestamps)).toEqual(Array.from({ length: n }, (_, i) => ts(i)));
      expect(Array.from(s.values)).toEqual(Array.from({ length: n }, (_, i) => value(idx, i)));
    }
  });

  it("answers PromQL as one unchanged store of the same data does", async () => {
    const mem = new MemorySource();
    SERIES.forEach((labels, s) => {
      const n = PER_BATCH * BATCHES;
      mem.add(
        labels,
        Array.from({ length: n }, (_, i) => ts(i)),
        Float64Array.from({ length: n }, (_, i) => value(s, i)),
      );
    });
    const reference = createEngine(mem, { ...QUERY_LIMITS, ...promqlSemantics(env) });
    const end = ts(PER_BATCH * BATCHES - 1);
    const ranged = [
      `sum by (svc) (rate(${METRIC}[5m]))`,
      `rate(${METRIC}[2m])`,
      `count(${METRIC})`,
      `count by (svc) (${METRIC})`,
      `sum(${METRIC})`,
      METRIC,
    ];
    for (const q of ranged) {
      const got = await promQuery("/api/v1/query_range", {
        query: q,
        start: String(T0 / 1000),
        end: String(end / 1000),
        step: "60",
      });
      expect(got, q).toEqual(await reference.rangeQuery(q, T0, end, 60_000));
    }
    for (const q of [`sum by (svc) (${METRIC})`, `count(${METRIC})`, METRIC, `increase(${METRIC}[10m])`]) {
      for (const at of [ts(40), ts(70), end]) {
        const got = await promQuery("/api/v1/query", { query: q, time: String(at / 1000) });
        expect(got, `${q} @ ${at}`).toEqual(await reference.instantQuery(q, at));
      }
    }
  });

  it("lists each series, label name and value once", async () => {
    const range = { start: String(T0 / 1000 - 60), end: String(Date.now() / 1000 + 60) };
    const series = await promQuery("/api/v1/series", { "match[]": METRIC, ...range });
    expect(series).toHaveLength(SERIES.length);
    expect(new Set(series.map((s: any) => `${s.svc}/${s.pod}`)).size).toBe(SERIES.length);
    expect(await promQuery("/api/v1/labels", { "match[]": METRIC, ...range })).toEqual(["__name__", "pod", "svc"]);
    expect(await promQuery("/api/v1/label/pod/values", { "match[]": METRIC, ...range })).toEqual(
      Array.from({ length: 10 }, (_, i) => `p${i}`).sort(),
    );
  });

  it("returns a trace whose spans arrived across the switch whole, and lists it once", async () => {
    // Spans before the switch are in object 1 of their day's generation, after it in object 5.
    const days = [...new Set(trace.map((s) => dayOfUs(s.startUs)))];
    const count = async (i: number) => {
      const parts = await Promise.all(days.map((d) => traceGeneration(env, d, i).getTrace(traceId)));
      return parts.reduce((n, p) => n + p.spans.length, 0);
    };
    expect(await count(1)).toBe(3);
    expect(await count(5)).toBe(trace.length - 3);

    const res = await call(`/api/traces/${traceId}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as any;
    expect(view.spanCount).toBe(trace.length);
    expect(new Set(view.spans.map((s: any) => s.spanId))).toEqual(new Set(trace.map((s) => s.spanId)));

    const start = Date.now() - 600_000;
    const search = await call(`/api/traces/search?start=${start}&end=${Date.now()}&limit=500`);
    const found = ((await search.json()) as any).traces.filter((t: any) => t.traceId === traceId);
    expect(found).toHaveLength(1);
    expect(found[0].spanCount).toBe(trace.length);
  });
});

describe("shard map API and env", () => {
  it("refuses counts outside 1-256, unknown signals and other fields with clear 400s", async () => {
    for (const [body, message] of [
      [{ signal: "metrics", shards: 0 }, /shards must be an integer from 1 to 256/],
      [{ signal: "metrics", shards: 257 }, /shards must be an integer from 1 to 256/],
      [{ signal: "metrics", shards: 2.5 }, /shards must be an integer from 1 to 256/],
      [{ signal: "logs", shards: 4 }, /signal must be 'metrics' or 'traces'/],
      [{ signal: "traces", shards: 4, epoch: 3 }, /epoch/],
    ] as const) {
      const res = await json("/api/admin/shard-map", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as any).error.message).toMatch(message);
    }
  });

  it("is for admins only", async () => {
    const writer = await tokenWith(["read", "write"]);
    expect((await call("/api/admin/shard-map", { token: writer })).status).toBe(403);
    expect((await json("/api/admin/shard-map", { signal: "metrics", shards: 8 }, { token: writer })).status).toBe(403);
  });

  it("appends an epoch when a deploy changes the env's count, and only then", async () => {
    const before = await reloadShardMap(env);
    const deployed = { ...env, METRIC_SHARDS: "5", TRACE_SHARDS: "6" };
    const after = await reloadShardMap(deployed);
    expect(after.metrics).toHaveLength(before.metrics.length + 1);
    expect(after.metrics.at(-1)).toMatchObject({ shards: 5, envShards: 5, source: "env" });
    expect(after.traces.at(-1)).toMatchObject({ shards: 6, envShards: 6, source: "env" });
    expect(after.metrics.at(-1)!.activeFrom).toBeGreaterThan(Date.now());
    // The same env again changes nothing, nor does the old env of a version still serving during the deploy.
    expect(await reloadShardMap(deployed)).toEqual(after);
    expect(await reloadShardMap(env)).toEqual(after);
    // Back to the test env's own counts through the API, so the next files' writes go where their env says.
    await setShards("metrics", Number(env.METRIC_SHARDS ?? "4"));
    await setShards("traces", Number(env.TRACE_SHARDS ?? "4"));
    const back = await reloadShardMap(env);
    expect(back.metrics.at(-1)).toMatchObject({ shards: Number(env.METRIC_SHARDS ?? "4"), source: "api" });
    expect(back.traces.at(-1)).toMatchObject({ shards: Number(env.TRACE_SHARDS ?? "4"), source: "api" });
  });
});

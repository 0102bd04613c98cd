// Native histograms in the metrics cold tier, end to end in workerd: histograms written through remote_write, the
// answers of PromQL over them and of the raw select captured, sealed histogram chunks compacted into R2 blocks of
// their own kind, and every answer compared: after the compaction, once served from the block cache, and from new
// object instances. Retention then drops the histogram blocks with the rest.
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { WireHistogram } from "../../core/histogram/convert";
import { decodeBlock, readBlockHeader } from "../../core/tsdb/block";
import { decodeHistChunk } from "../../core/tsdb/hist-chunk";
import { encodeHistogram } from "../../core/remote-write/encode-histogram";
import type { MetricShard } from "../../durable/metric-shard/metric-shard";
import { compactBefore } from "../../durable/metric-shard/cold";
import { createSchema } from "../../durable/metric-shard/schema";
import { liveMetricObjects, type shardStub } from "../../platform/metrics/shards";
import { call } from "./helpers";
import { byName, remoteWrite, selectAll, uniq } from "./ingest-helpers";

const HOUR = 3_600_000;
const STEP = 60_000;
const now = Math.floor(Date.now() / STEP) * STEP;
const t0 = now - 12 * HOUR;
const times = Array.from({ length: (12 * HOUR) / STEP + 1 }, (_, i) => t0 + i * STEP);
const name = uniq("coldh_rpc_seconds");
/** A float series beside them, so the float blocks of the same ranges are there too. */
const floats = uniq("coldh_requests_total");
const cutoff = now - 3 * HOUR; // COLD_AFTER_HOURS defaults to 3
const edge = compactBefore(cutoff);

/** A counter with one reset, integer buckets delta-encoded as Prometheus sends them. */
function histogramAt(i: number, pod: number): WireHistogram {
  const k = (i < 400 ? i + 1 : i - 399) * (pod + 1);
  return {
    count: 6 * k,
    sum: 3.5 * k,
    schema: 0,
    zeroThreshold: 1e-128,
    zeroCount: k,
    positiveSpans: [
      { offset: -1, length: 2 },
      { offset: 1, length: 1 },
    ],
    positiveDeltas: [k, k, 0],
    negativeSpans: [],
    resetHint: 0,
  };
}

type Envelope = { status: string; data?: unknown; error?: string };
async function get(path: string, params: Record<string, string>): Promise<unknown> {
  const res = await call(`${path}?${new URLSearchParams(params)}`);
  const body = (await res.json()) as Envelope;
  expect(body.status, `${path} ${JSON.stringify(params)}: ${body.error}`).toBe("success");
  return body.data;
}

const whole = { start: String(t0 / 1000), end: String(now / 1000), step: "300" };
/** A window wholly in the compacted ranges: no histogram row is left there for a shard to see. */
const old = { start: String((t0 + HOUR) / 1000), end: String((t0 + 5 * HOUR) / 1000), step: "120" };
const oldAt = String((t0 + 3 * HOUR) / 1000);

/** Every answer the cold tier must keep identical. */
async function answers(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const ranged: Record<string, string> = {
    quantile: `histogram_quantile(0.9, rate(${name}[5m]))`,
    count: `histogram_count(rate(${name}[5m]))`,
    sumBy: `sum by (job) (rate(${name}[5m]))`,
    selector: name,
    floats: `rate(${floats}[5m])`,
  };
  for (const [k, q] of Object.entries(ranged)) {
    out[k] = await get("/api/v1/query_range", { query: q, ...whole });
    out[`${k}Old`] = await get("/api/v1/query_range", { query: q, ...old });
  }
  out.instant = await get("/api/v1/query", { query: `histogram_count(${name})`, time: oldAt });
  // A range vector answered as such moves raw samples (the paged select path).
  out.matrix = await get("/api/v1/query", { query: `${name}{pod="p1"}[1h]`, time: oldAt });
  out.series = await get("/api/v1/series", { "match[]": name, start: old.start, end: old.end });
  const raw = await selectAll(byName(name), t0, now);
  out.raw = raw
    .map((s) => ({ labels: s.labels, ts: Array.from(s.timestamps), hs: s.histograms }))
    .sort((a, b) => (a.labels.pod < b.labels.pod ? -1 : 1));
  return out;
}

async function expectSameAnswers(before: Record<string, unknown>): Promise<void> {
  const after = await answers();
  for (const k of Object.keys(before)) expect(after[k], k).toEqual(before[k]);
}

function inShard<T>(
  s: ReturnType<typeof shardStub>,
  fn: (o: MetricShard, state: DurableObjectState) => T | Promise<T>,
) {
  return runInDurableObject(s, (inst, state) => fn(inst as unknown as MetricShard, state));
}

async function shards() {
  return (await liveMetricObjects(env)).map((o) => o.stub);
}

/** Sealed histogram chunk rows of this test's series that started before `t` (a series' newest row is its open
 * chunk, which stays in SQLite: a day's generation keeps the last one of its day). */
async function histRows(t: number): Promise<number> {
  let n = 0;
  for (const s of await shards())
    n += await inShard(
      s,
      (_o, state) =>
        state.storage.sql
          .exec<{ n: number }>(
            `SELECT COUNT(*) AS n FROM hist_chunks c JOIN series s ON s.id = c.series_id WHERE s.key LIKE ? AND c.min_t < ?
             AND c.min_t < (SELECT MAX(c2.min_t) FROM hist_chunks c2 WHERE c2.series_id = c.series_id)`,
            `%${name}%`,
            t,
          )
          .one().n,
    );
  return n;
}

const recorded = async () => (await Promise.all((await shards()).map((s) => inShard(s, (o) => o.coldBlocks())))).flat();

/** Blocks holding this test's histogram series, with their decoded contents. */
async function histBlocks() {
  const out: { key: string; kind: string; samples: number; maxT: number }[] = [];
  for (const b of await recorded()) {
    const obj = await env.BLOCKS.get(b.key);
    if (!obj) continue;
    const bytes = new Uint8Array(await obj.arrayBuffer());
    const mine = decodeBlock(bytes).filter((s) => s.key.includes(name));
    if (mine.length === 0) continue;
    let samples = 0;
    let maxT = 0;
    for (const s of mine)
      for (const c of s.chunks)
        for (const h of decodeHistChunk(c.data)) {
          samples++;
          maxT = Math.max(maxT, h.t);
        }
    out.push({ key: b.key, kind: readBlockHeader(bytes).kind, samples, maxT });
    expect(b.kind).toBe("histogram");
  }
  return out;
}

describe("native histograms in the metrics cold tier (R2 blocks)", () => {
  let before: Record<string, unknown>;

  beforeAll(async () => {
    // The checkpoint alarms of the writes below must not compact before the tests do.
    for (const s of await shards())
      await inShard(s, (o) => {
        (o as unknown as { lastRetention: number }).lastRetention = Date.now();
      });
    for (let from = 0; from < times.length; from += 180) {
      const at = times.slice(from, from + 180);
      const res = await remoteWrite([
        ...[0, 1].map((pod) => ({
          labels: { __name__: name, job: "api", pod: `p${pod}` },
          samples: [],
          histograms: at.map((t, j) => encodeHistogram(histogramAt(from + j, pod), t)),
        })),
        { labels: { __name__: floats, job: "api" }, samples: at.map((t, j) => ({ t, v: 2 * (from + j) })) },
      ]);
      expect(res.status, await res.text()).toBe(204);
    }
    before = await answers();
    for (const k of ["quantile", "count", "sumBy", "selector", "quantileOld", "countOld", "sumByOld"])
      expect((before[k] as { result: unknown[] }).result.length, k).toBeGreaterThan(0);
    expect((before.instant as { result: unknown[] }).result).toHaveLength(2);
    expect((before.matrix as { result: { histograms: unknown[] }[] }).result[0].histograms.length).toBeGreaterThan(50);
    expect(before.raw).toHaveLength(2);
    expect((before.raw as { ts: number[] }[])[0].ts).toEqual(times);
    expect(await histRows(edge)).toBeGreaterThan(0);
  });

  it("moves sealed histogram chunks past COLD_AFTER_HOURS into histogram blocks and answers identically", async () => {
    const runs = await Promise.allSettled((await shards()).map((s) => inShard(s, (o) => o.compactCold(now))));
    for (const r of runs) expect(r.status).toBe("fulfilled");
    // Every histogram chunk of the compacted ranges left SQLite; the ranges after the edge stay rows for now.
    expect(await histRows(edge)).toBe(0);
    expect(await histRows(now)).toBeGreaterThan(0);
    const blocks = await histBlocks();
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) {
      expect(b.kind).toBe("histogram");
      expect(b.samples).toBeGreaterThan(0);
      expect(b.maxT).toBeLessThan(cutoff);
    }
    await expectSameAnswers(before);
    // Twice: served from the block cache this time.
    await expectSameAnswers(before);
  });

  it("answers identically from new object instances", async () => {
    await abortAllDurableObjects();
    await expectSameAnswers(before);
  });

  it("a second compaction moves the rest once its ranges grew cold, and answers identically", async () => {
    const later = now + 6 * HOUR;
    for (const s of await shards()) await inShard(s, (o) => o.compactCold(later));
    // Only each series' open histogram chunk stays a row.
    expect(await histRows(compactBefore(later - 3 * HOUR))).toBe(0);
    await expectSameAnswers(before);
  });

  it("retention drops the histogram blocks from R2 and the shard", async () => {
    const keys = (await histBlocks()).map((b) => b.key);
    expect(keys.length).toBeGreaterThan(0);
    const past = now + 16 * 86_400_000; // RETENTION_DAYS defaults to 15
    await Promise.all((await shards()).map((s) => inShard(s, (o) => o.retention(past))));
    for (const k of keys) expect(await env.BLOCKS.head(k)).toBeNull();
    const left = new Set((await recorded()).map((b) => b.key));
    for (const k of keys) expect(left.has(k)).toBe(false);
    expect(await selectAll(byName(name))).toEqual([]);
  });

  it("a shard from before histogram blocks gets the kind column, its blocks recorded as float blocks", async () => {
    const stub = env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(uniq("coldh-schema")));
    const kinds = await inShard(stub, (o, state) => {
      const sql = state.storage.sql;
      // The table as it was: no kind column, one block recorded.
      sql.exec("DROP TABLE blocks");
      sql.exec(
        "CREATE TABLE blocks (key TEXT PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, bytes INTEGER NOT NULL, series INTEGER NOT NULL, index_bytes INTEGER NOT NULL)",
      );
      sql.exec("INSERT INTO blocks VALUES ('metrics/x/0-old', 0, 1000, 100, 1, 40)");
      createSchema(sql);
      createSchema(sql);
      return o.coldBlocks().map((b) => [b.key, b.kind]);
    });
    expect(kinds).toEqual([["metrics/x/0-old", "float"]]);
  });
});

// The metrics cold tier end to end in workerd: data written through remote_write, answers to PromQL and the
// raw series/label endpoints captured, sealed chunks compacted into R2 blocks, and every answer compared.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { MetricShard } from "../../durable/metric-shard/metric-shard";
import { decodeBlock } from "../../core/tsdb/block";
import { compactBefore } from "../../durable/metric-shard/cold";
import { liveMetricObjects, type shardStub } from "../../platform/metrics/shards";
import { call } from "./helpers";
import { byName, remoteWrite, selectAll, uniq } from "./ingest-helpers";

const HOUR = 3_600_000;
const metric = uniq("cold_requests_total");
const hist = uniq("cold_latency_seconds");
/** Enough series that each shard reads its blocks in several batches (90 series a batch). */
const wide = uniq("cold_wide");
const WIDE = 300;
const now = Math.floor(Date.now() / 60_000) * 60_000;
const t0 = now - 12 * HOUR;
const STEP = 30_000;
const times = Array.from({ length: (12 * HOUR) / STEP + 1 }, (_, i) => t0 + i * STEP);

const jobs = ["api", "web"];
const codes = ["200", "500"];
const les = ["0.1", "0.5", "1", "+Inf"];

function series() {
  const out: { labels: Record<string, string>; samples: { t: number; v: number }[] }[] = [];
  jobs.forEach((job, j) =>
    codes.forEach((code, c) =>
      ["a", "b"].forEach((instance, k) =>
        out.push({
          labels: { __name__: metric, job, code, instance },
          samples: times.map((t, i) => ({ t, v: i * (j + 1) * (c === 0 ? 5 : 1) + ((i * (k + 3)) % 7) })),
        }),
      ),
    ),
  );
  les.forEach((le, b) =>
    out.push({
      labels: { __name__: hist, le, job: "api" },
      samples: times.map((t, i) => ({ t, v: i * (b + 1) * 3 + (i % 5) * b })),
    }),
  );
  for (let p = 0; p < WIDE; p++)
    out.push({
      labels: { __name__: wide, pod: `p${p}` },
      samples: times.filter((_, i) => i % 10 === 0).map((t, i) => ({ t, v: (i * p) % 97 })),
    });
  return out;
}

type Envelope = { status: string; data?: unknown; error?: string };
async function get(path: string, params: Record<string, string>): Promise<Envelope> {
  const res = await call(`${path}?${new URLSearchParams(params)}`);
  const body = (await res.json()) as Envelope;
  expect(body.status, `${path} ${JSON.stringify(params)}: ${body.error}`).toBe("success");
  return body;
}

const range = { start: String((now - 12 * HOUR) / 1000), end: String(now / 1000), step: "300" };
const instantAt = String((now - 9 * HOUR) / 1000);

/** Every answer the cold tier must keep identical. */
async function answers(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const ranged: Record<string, string> = {
    rate: `rate(${metric}[5m])`,
    sumBy: `sum by (code) (rate(${metric}[10m]))`,
    count: `count(${metric})`,
    quantile: `histogram_quantile(0.9, sum by (le) (rate(${hist}[10m])))`,
    topk: `topk(2, ${metric})`,
    selector: `${metric}{job="api"}`,
    wideSum: `sum(rate(${wide}[10m]))`,
    wideCount: `count(${wide})`,
  };
  for (const [k, q] of Object.entries(ranged)) out[k] = (await get("/api/v1/query_range", { query: q, ...range })).data;
  out.instant = (await get("/api/v1/query", { query: `${metric}{code="500"}`, time: instantAt })).data;
  // A range vector answered as such moves raw samples (the paged select path).
  out.matrix = (await get("/api/v1/query", { query: `${metric}{instance="a"}[1h]`, time: instantAt })).data;
  const window = { start: String((now - 11 * HOUR) / 1000), end: String((now - 8 * HOUR) / 1000) };
  out.series = (await get("/api/v1/series", { "match[]": metric, ...window })).data;
  out.labels = (await get("/api/v1/labels", { "match[]": hist, ...window })).data;
  out.codes = (await get("/api/v1/label/code/values", { "match[]": metric, ...window })).data;
  const raw = await selectAll(byName(metric), t0, now);
  out.raw = raw
    .map((s) => ({ labels: s.labels, ts: Array.from(s.timestamps), vs: Array.from(s.values) }))
    .sort((a, b) => (JSON.stringify(a.labels) < JSON.stringify(b.labels) ? -1 : 1));
  const w = await selectAll(byName(wide), t0, now);
  out.wide = w.map((s) => [s.labels.pod, Array.from(s.timestamps), Array.from(s.values)]).sort();
  return out;
}

/** Run `fn` on shard `s`'s instance (the test hooks are methods of the class, not of its RPC interface). */
function inShard<T>(
  s: ReturnType<typeof shardStub>,
  fn: (o: MetricShard, state: DurableObjectState) => T | Promise<T>,
) {
  return runInDurableObject(s, (inst, state) => fn(inst as unknown as MetricShard, state));
}

/** Every live metric object (each kept day's generations, and the old layout's objects while kept). */
async function shards() {
  return (await liveMetricObjects(env)).map((o) => o.stub);
}

/** When the shard's hourly sweep (compaction, retention) last ran: the tests decide when it runs. */
const sweptAt = (s: ReturnType<typeof shardStub>, t: number) =>
  inShard(s, (o) => {
    (o as unknown as { lastRetention: number }).lastRetention = t;
  });

const compact = async (opts: { crashAfterPut?: boolean } = {}) =>
  Promise.allSettled((await shards()).map((s) => inShard(s, (o) => o.compactCold(now, opts))));

const recorded = async () => (await Promise.all((await shards()).map((s) => inShard(s, (o) => o.coldBlocks())))).flat();

/** The answers now, compared one by one (so a failure names the query). */
async function expectSameAnswers(before: Record<string, unknown>): Promise<void> {
  const after = await answers();
  for (const k of Object.keys(before)) expect(after[k], k).toEqual(before[k]);
}

/** Chunk rows of this test's series that started before `t`. */
const oldRows = async (t: number, names = [metric, hist, wide]) => {
  let n = 0;
  for (const s of await shards())
    n += await inShard(
      s,
      (_o, state) =>
        state.storage.sql
          .exec<{ n: number }>(
            `SELECT COUNT(*) AS n FROM chunks c JOIN series s ON s.id = c.series_id WHERE (${names.map(() => "s.key LIKE ?").join(" OR ")}) AND c.min_t < ?`,
            ...names.map((n) => `%${n}%`),
            t,
          )
          .one().n,
    );
  return n;
};

async function bucketKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.BLOCKS.list({ prefix: "metrics/", cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

describe("metrics cold tier (R2 blocks)", () => {
  let before: Record<string, unknown>;
  const cutoff = now - 3 * HOUR; // COLD_AFTER_HOURS defaults to 3
  // Whole 2 h ranges move, once all their chunks ended before the cutoff.
  const edge = compactBefore(cutoff);

  beforeAll(async () => {
    // The checkpoint alarms of the writes below must not compact before the tests do.
    for (const s of await shards()) await sweptAt(s, Date.now());
    const all = series();
    // In time order, an hour of every series per request.
    for (let from = 0; from < times.length; from += 120) {
      const res = await remoteWrite(all.map((s) => ({ labels: s.labels, samples: s.samples.slice(from, from + 120) })));
      expect(res.status).toBe(204);
    }
    before = await answers();
    expect((before.raw as unknown[]).length).toBe(8);
    for (const k of ["rate", "sumBy", "count", "quantile", "topk", "selector", "instant", "matrix"])
      expect((before[k] as { result: unknown[] }).result.length, k).toBeGreaterThan(0);
    expect(before.series).toHaveLength(8);
    expect(before.wide).toHaveLength(WIDE);
    expect(before.codes).toEqual(["200", "500"]);
    expect(await oldRows(edge)).toBeGreaterThan(0);
  });

  it("a compaction that stops after its put loses nothing and records nothing", async () => {
    const runs = await compact({ crashAfterPut: true });
    expect(runs.some((r) => r.status === "rejected")).toBe(true);
    expect(await recorded()).toEqual([]);
    // The put happened (the object is there) but no row names it and no chunk row moved.
    expect((await bucketKeys()).length).toBeGreaterThan(0);
    expect(await oldRows(edge)).toBeGreaterThan(0);
    await expectSameAnswers(before);
  });

  it("moves sealed chunks past COLD_AFTER_HOURS into R2 blocks and answers identically", async () => {
    const runs = await compact();
    for (const r of runs) expect(r.status).toBe("fulfilled");
    const blocks = await recorded();
    expect(blocks.length).toBeGreaterThan(0);
    // The retried run wrote the same keys again or swept the stopped run's objects: R2 holds exactly the blocks.
    expect(await bucketKeys()).toEqual(blocks.map((b) => b.key).sort());
    expect(await oldRows(edge)).toBe(0);
    // Sealed chunks past the cutoff whose range is not complete yet stay rows until it is.
    expect(await oldRows(cutoff)).toBeGreaterThan(0);
    for (const b of blocks) {
      expect(b.maxT).toBeLessThan(cutoff);
      const obj = await env.BLOCKS.get(b.key);
      const decoded = decodeBlock(new Uint8Array(await obj!.arrayBuffer()));
      expect(decoded.length).toBe(b.series);
    }
    // One block per shard per 2 h range (12 h of data; the ranges before the edge moved).
    const ranges = blocks.map((b) => Math.floor(b.minT / (2 * HOUR)));
    expect(new Set(ranges).size).toBeGreaterThanOrEqual(2);
    expect(blocks.length).toBe(
      new Set(blocks.map((b) => `${b.key.split("/")[1]} ${Math.floor(b.minT / (2 * HOUR))}`)).size,
    );
    // The storage figures count the blocks and their bytes in R2 beside the rows left in SQLite.
    const storage = (await (await call("/api/metrics/storage")).json()) as { blocks: number; blockBytes: number };
    expect(storage.blocks).toBe(blocks.length);
    expect(storage.blockBytes).toBe(blocks.reduce((a, b) => a + b.bytes, 0));
    await expectSameAnswers(before);
    // Twice: served from the block cache this time.
    await expectSameAnswers(before);
  });

  it("a second compaction finds nothing new and changes no answer", async () => {
    const keys = await bucketKeys();
    const runs = await compact();
    for (const r of runs) expect(r.status === "fulfilled" && r.value.blocks).toBe(0);
    expect(await bucketKeys()).toEqual(keys);
    await expectSameAnswers(before);
  });

  it("the hourly alarm compacts what grew cold", async () => {
    const late = uniq("cold_alarm_total");
    const at = Array.from({ length: 1201 }, (_, i) => now - 10 * HOUR + i * STEP);
    const res = await remoteWrite([
      { labels: { __name__: late, job: "api" }, samples: at.map((t, i) => ({ t, v: i })) },
    ]);
    expect(res.status).toBe(204);
    const cold = compactBefore(Date.now() - 3 * HOUR);
    expect(await oldRows(cold, [late])).toBeGreaterThan(0);
    // Objects that hold series have their hourly alarm set (a day's generation nothing was written to has none).
    for (const s of await shards()) {
      if (!(await s.holdsSeries())) continue;
      await sweptAt(s, 0);
      expect(await runDurableObjectAlarm(s)).toBe(true);
    }
    expect(await oldRows(cold, [late])).toBe(0);
    const [got] = await selectAll(byName(late), 0, now);
    expect(Array.from(got.timestamps)).toEqual(at);
    expect(Array.from(got.values)).toEqual(at.map((_, i) => i));
    await expectSameAnswers(before);
  });

  it("a corrupted block fails the query loudly, never answers wrong samples", async () => {
    const bad = uniq("cold_bad");
    const at = Array.from({ length: 240 }, (_, i) => now - 20 * HOUR + i * STEP);
    const res = await remoteWrite([{ labels: { __name__: bad }, samples: at.map((t, i) => ({ t, v: i })) }]);
    expect(res.status).toBe(204);
    const known = new Set((await recorded()).map((b) => b.key));
    await compact();
    // One block per day's generation the series' 20 hours fall in (the next day's holding a copy of the
    // previous day's last two hours): every one of them is corrupted.
    const fresh = (await recorded()).filter((b) => !known.has(b.key));
    expect(fresh.length).toBeGreaterThanOrEqual(1);
    const good = await Promise.all(
      fresh.map(async (b) => new Uint8Array(await (await env.BLOCKS.get(b.key))!.arrayBuffer())),
    );
    for (const [i, b] of fresh.entries()) {
      const broken = good[i].slice();
      broken[broken.length - 1] ^= 0xff;
      await env.BLOCKS.put(b.key, broken);
    }
    const q = { query: `sum(${bad})`, start: String((now - 20 * HOUR) / 1000), end: String(now / 1000), step: "300" };
    const r = await call(`/api/v1/query_range?${new URLSearchParams(q)}`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(((await r.json()) as Envelope).error).toMatch(/checksum mismatch/);
    for (const [i, b] of fresh.entries()) await env.BLOCKS.put(b.key, good[i]);
    expect((await get("/api/v1/query_range", q)).data).toMatchObject({ result: [{ metric: {} }] });
  });

  it("retention drops whole blocks past RETENTION_DAYS from R2 and the shard", async () => {
    const blocks = await recorded();
    // Past retention: the blocks that end first (the newer ones stay).
    const keep = Math.min(...blocks.filter((b) => b.minT >= t0).map((b) => b.maxT)) + 1;
    const later = keep + 15 * 86_400_000; // RETENTION_DAYS defaults to 15
    await Promise.all((await shards()).map((s) => inShard(s, (o) => o.retention(later))));
    const left = await recorded();
    expect(left.length).toBeLessThan(blocks.length);
    expect(left.length).toBeGreaterThan(0);
    for (const b of left) expect(b.maxT).toBeGreaterThanOrEqual(keep);
    expect(await bucketKeys()).toEqual(left.map((b) => b.key).sort());
    const raw = (await answers()).raw as { labels: unknown; ts: number[]; vs: number[] }[];
    const was = before.raw as typeof raw;
    expect(raw.length).toBe(was.length);
    raw.forEach((s, i) => {
      // What remains is a suffix of what was, holding every sample from the cutoff on.
      const from = was[i].ts.indexOf(s.ts[0]);
      expect(from).toBeGreaterThan(0);
      expect(s.ts).toEqual(was[i].ts.slice(from));
      expect(s.vs).toEqual(was[i].vs.slice(from));
      expect(from).toBeLessThanOrEqual(was[i].ts.findIndex((t) => t >= keep));
    });
  });
});

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { MetricShard } from "../../durable/metric-shard/metric-shard";
import { QueryInputError, shardedSeriesSource } from "../../platform/metrics/source";
import { metricGenerationName } from "../../platform/metrics/shards";
import { seriesKey } from "../../core/tsdb/labels";
import { packKeyed, packSeries } from "../../core/tsdb/packed";
import { remoteWrite, uniq } from "./ingest-helpers";

function stub(name: string) {
  const s = env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(name));
  const unwrap = async <T>(
    p: Promise<{ value: T; error?: undefined } | { error: string; limit: boolean }>,
  ): Promise<T> => {
    const r = await p;
    if (r.error !== undefined) throw new Error(r.error);
    return r.value;
  };
  return {
    raw: s,
    append: (input: Parameters<typeof s.append>[0]) => unwrap(s.append(input)),
    select: (...a: Parameters<typeof s.select>) => unwrap(s.select(...a)),
    stats: () => s.stats(),
    labelValues: (...a: Parameters<typeof s.labelValues>) => unwrap(s.labelValues(...a)),
  };
}

function series(name: string, labels: Record<string, string>, ts: number[], vs: number[]) {
  return { labels: { __name__: name, ...labels }, timestamps: ts, values: Float64Array.from(vs) };
}

describe("MetricShard", () => {
  it("cuts chunks at 120 samples, stores under 2 bytes per sample, reads back after a fresh stub", async () => {
    const name = uniq("unit-shard");
    const s = stub(name);
    const t0 = Date.now() - 6 * 3_600_000;
    const ts = Array.from({ length: 1000 }, (_, i) => t0 + i * 15_000);
    let v = 0;
    const vs = ts.map((_, i) => (v += (i * 17) % 5));
    for (let i = 0; i < 1000; i += 100) {
      const r = await s.append({ series: [series("m", { pod: "a" }, ts.slice(i, i + 100), vs.slice(i, i + 100))] });
      expect(r.accepted).toBe(100);
    }
    const stats = await s.stats();
    expect(stats).toMatchObject({ series: 1, samples: 1000, chunks: 9 });
    expect(stats.chunkBytes / stats.samples).toBeLessThan(2);
    const [got] = await stub(name).select([{ name: "pod", op: "=", value: "a" }], t0, Date.now());
    expect(Array.from(got.timestamps)).toEqual(ts);
    expect(Array.from(got.values)).toEqual(vs);
  });

  it("takes packed series: ranges per series, and a wrong fingerprint never reaches another series", async () => {
    const s = stub(uniq("packed-shard"));
    const t = Date.now() - 60_000;
    const a = seriesKey({ __name__: "p", pod: "a" });
    const b = seriesKey({ __name__: "p", pod: "b" });
    const r = await s.append({
      packed: packKeyed([
        { key: a, timestamps: [t, t + 1, t + 1], values: Float64Array.from([1, 2, 3]) },
        { key: b, timestamps: [t + 5, t], values: Float64Array.from([7, 8]) },
      ]),
    });
    expect(r).toMatchObject({ accepted: 3, conflicts: 1, outOfOrder: 1 });
    // Both keys under one (wrong) fingerprint: the shard's id cache must still tell them apart.
    const same = await s.append({
      packed: packSeries([
        { key: a, fingerprint: 7, timestamps: [t + 10], values: Float64Array.from([4]) },
        { key: b, fingerprint: 7, timestamps: [t + 10], values: Float64Array.from([9]) },
        { key: a, fingerprint: 7, timestamps: [t + 11], values: Float64Array.from([5]) },
      ]),
    });
    expect(same.accepted).toBe(3);
    const got = await s.select([{ name: "__name__", op: "=", value: "p" }], t - 1, t + 100);
    const byPod = Object.fromEntries(got.map((g) => [g.labels.pod, [Array.from(g.timestamps), Array.from(g.values)]]));
    expect(byPod).toEqual({
      a: [
        [t, t + 1, t + 10, t + 11],
        [1, 2, 4, 5],
      ],
      b: [
        [t + 5, t + 10],
        [7, 9],
      ],
    });
    const bad = await s.raw.append({ packed: { ...packKeyed([]), counts: new Uint32Array([1]) } });
    expect(bad.error).toMatch(/counts/);
  });

  it("enforces the per-shard series limit and reports it", async () => {
    const s = stub(uniq("limit-shard"));
    const t = Date.now() - 1000;
    const r = await s.append({
      series: [0, 1, 2, 3].map((i) => series("lim", { i: String(i) }, [t], [i])),
      maxSeries: 2,
    });
    expect(r.accepted).toBe(2);
    expect(r.seriesLimited).toBe(2);
    expect(r.errors[0]).toMatch(/series limit/);
    // Existing series still take samples past the limit.
    expect((await s.append({ series: [series("lim", { i: "0" }, [t + 1], [9])], maxSeries: 2 })).accepted).toBe(1);
  });

  it("guards select with series and sample caps and a clear error", async () => {
    const s = stub(uniq("cap-shard"));
    const t = Date.now() - 100_000;
    await s.append({
      series: [0, 1, 2].map((i) => series("cap", { i: String(i) }, [t, t + 1000, t + 2000], [1, 2, 3])),
    });
    await expect(
      s.select([{ name: "__name__", op: "=", value: "cap" }], 0, Date.now(), { maxSeries: 2 }),
    ).rejects.toThrow(/query limit exceeded: more than 2 series/);
    await expect(
      s.select([{ name: "__name__", op: "=", value: "cap" }], 0, Date.now(), { maxSamples: 5 }),
    ).rejects.toThrow(/more than 5 samples/);
    expect(await s.select([{ name: "i", op: "!~", value: "0|1" }], 0, Date.now())).toHaveLength(1);
    await expect(s.select([{ name: "i", op: "=~", value: "(" }], 0, Date.now())).rejects.toThrow(
      /invalid regular expression/,
    );
  });

  it("deletes chunks and series past retention when its alarm runs", async () => {
    const s = stub(uniq("retention-shard"));
    const day = 86_400_000;
    const old = Date.now() - 20 * day;
    await s.append({
      series: [
        series("ret", { a: "old" }, [old, old + 1000], [1, 2]),
        series("ret", { a: "new" }, [Date.now() - 1000], [3]),
      ],
    });
    expect((await s.stats()).series).toBe(2);
    expect(await runDurableObjectAlarm(s.raw)).toBe(true);
    expect(await s.stats()).toMatchObject({ series: 1, samples: 1 });
    expect(await s.labelValues("a", [], 0, Date.now())).toEqual(["new"]);
    const after = await runInDurableObject(s.raw, (inst) =>
      (inst as unknown as MetricShard).select([{ name: "__name__", op: "=", value: "ret" }], 0, Date.now()),
    );
    expect(after.error === undefined && after.value.map((x) => x.labels.a)).toEqual(["new"]);
  });

  it("rejects malformed RPC input with a validation error", async () => {
    const s = stub(uniq("bad-rpc"));
    const r = await s.raw.append({
      series: [{ labels: { __name__: "x" }, timestamps: [1], values: [1] as unknown as Float64Array }],
    });
    expect(r.error).toMatch(/invalid append input: series\.0\.values: values must be a Float64Array/);
  });

  it("spreads series over the configured shards and maps shard limits to QueryLimitError", async () => {
    const name = uniq("spread");
    const t = Date.now() - 1000;
    const res = await remoteWrite(
      Array.from({ length: 30 }, (_, i) => ({ labels: { __name__: name, i: String(i) }, samples: [{ t, v: i }] })),
    );
    expect(res.status).toBe(204);
    const counts = await Promise.all(
      [0, 1, 2].map(
        async (i) =>
          (
            await stub(metricGenerationName(Math.floor(t / 86_400_000), i)).select(
              [{ name: "__name__", op: "=", value: name }],
              0,
              Date.now(),
            )
          ).length,
      ),
    );
    expect(counts.reduce((a, b) => a + b)).toBe(30);
    expect(counts.every((c) => c > 0)).toBe(true);
    const src = shardedSeriesSource(env);
    expect((await src.select([{ name: "__name__", op: "=", value: name }], { start: 0, end: Date.now() })).length).toBe(
      30,
    );
    await expect(
      src.select([{ name: "__name__", op: "=~", value: "(" }], { start: 0, end: Date.now() }),
    ).rejects.toThrow(QueryInputError);
    const few = await stub(metricGenerationName(Math.floor(t / 86_400_000), 0)).raw.select(
      [{ name: "__name__", op: "=", value: name }],
      0,
      Date.now(),
      {
        maxSeries: 1,
      },
    );
    expect(few).toEqual({ error: expect.stringMatching(/^query limit exceeded: more than 1 series/), limit: true });
  });
});

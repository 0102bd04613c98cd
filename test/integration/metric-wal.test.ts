// The metric shard's write-ahead log against its alarm: a busy shard's alarm leaves the log to the size rule
// (core/tsdb/wal.ts checkpointDue) instead of rewriting every head each 10 s, an idle shard's alarm
// checkpoints it, and no acknowledged sample is lost either way, across a restart included.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emptyHistogram } from "../../core/histogram/float-histogram";
import { encodeHistChunk } from "../../core/tsdb/hist-chunk";
import { fingerprint, seriesKey } from "../../core/tsdb/labels";
import { uniq } from "./ingest-helpers";

const shard = (name: string) => env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(name));

function walRows(s: ReturnType<typeof shard>): Promise<number> {
  return runInDurableObject(
    s,
    (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM wal").one().n,
  );
}

async function stored(s: ReturnType<typeof shard>): Promise<number[]> {
  const r = await s.select([{ name: "__name__", op: "=", value: "wal_m" }], 0, Date.now());
  if (r.error !== undefined) throw new Error(r.error);
  return r.value.flatMap((x) => Array.from(x.values));
}

const append = (s: ReturnType<typeof shard>, ts: number[], vs: number[]) =>
  s.append({ series: [{ labels: { __name__: "wal_m", a: "1" }, timestamps: ts, values: Float64Array.from(vs) }] });

describe("metric shard WAL and its alarm", () => {
  it("keeps a busy shard's WAL at the alarm, replays it after a restart, and checkpoints once appends pause", async () => {
    const name = uniq("wal-shard");
    const t0 = Date.now() - 120_000;
    expect(await append(shard(name), [t0, t0 + 15_000], [1, 2])).toEqual({
      value: expect.objectContaining({ accepted: 2 }),
    });
    expect(await walRows(shard(name))).toBe(1);
    // The first alarm also runs the hourly retention sweep, which checkpoints whatever the log holds.
    expect(await runDurableObjectAlarm(shard(name))).toBe(true);
    expect(await walRows(shard(name))).toBe(0);

    // Appended just now: the alarm leaves the log and comes back once appends have paused.
    expect(await append(shard(name), [t0 + 30_000], [3])).toEqual({ value: expect.objectContaining({ accepted: 1 }) });
    expect(await walRows(shard(name))).toBe(1);
    expect(await runDurableObjectAlarm(shard(name))).toBe(true);
    expect(await walRows(shard(name))).toBe(1);
    const next = await runInDurableObject(shard(name), (_i, state) => state.storage.getAlarm());
    expect(next).toBeGreaterThan(Date.now());
    expect(next).toBeLessThanOrEqual(Date.now() + 10_000);
    expect(await stored(shard(name))).toEqual([1, 2, 3]);

    // A restart with the log not checkpointed: the replay gives every acknowledged sample back.
    await abortAllDurableObjects();
    expect(await stored(shard(name))).toEqual([1, 2, 3]);

    // More appends, then a pause longer than the checkpoint delay: the alarm writes the heads and clears the log.
    expect(await append(shard(name), [t0 + 45_000], [4])).toEqual({ value: expect.objectContaining({ accepted: 1 }) });
    expect(await walRows(shard(name))).toBe(1);
    await runInDurableObject(shard(name), (inst) => {
      (inst as unknown as { lastAppendAt: number }).lastAppendAt = Date.now() - 11_000;
    });
    expect(await runDurableObjectAlarm(shard(name))).toBe(true);
    expect(await walRows(shard(name))).toBe(0);
    const chunkSamples = await runInDurableObject(
      shard(name),
      (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT SUM(count) AS n FROM chunks").one().n,
    );
    expect(chunkSamples).toBe(4);
    await abortAllDurableObjects();
    expect(await stored(shard(name))).toEqual([1, 2, 3, 4]);
  });

  it("gives back every sample of many heads after a restart with the WAL never checkpointed, histograms beside them", async () => {
    const name = uniq("wal-many");
    const SERIES = 2_000;
    const ROUNDS = 6;
    const t0 = Date.now() - 600_000;
    const labelsOf = (i: number) => ({ __name__: "wal_many", pod: `p${i}` });
    const histKey = seriesKey({ __name__: "wal_many_hist", pod: "h" });
    const hist = (t: number, n: number) => ({
      t,
      h: emptyHistogram({
        schema: 0,
        count: n,
        sum: n / 2,
        positiveSpans: [{ offset: 0, length: 1 }],
        positiveBuckets: [n],
      }),
    });
    for (let r = 0; r < ROUNDS; r++) {
      const t = t0 + r * 15_000;
      const res = await shard(name).append({
        series: Array.from({ length: SERIES }, (_, i) => ({
          labels: labelsOf(i),
          timestamps: [t],
          values: Float64Array.of(i * 1_000 + r),
        })),
        // A series with floats in the WAL and a histogram written straight to its chunk row, in the same append.
        histograms: [
          { key: histKey, fingerprint: fingerprint(histKey), data: encodeHistChunk([hist(t, r + 1)]) },
          {
            key: seriesKey(labelsOf(0)),
            fingerprint: fingerprint(seriesKey(labelsOf(0))),
            data: encodeHistChunk([hist(t + 1, r + 10)]),
          },
        ],
      });
      expect(res).toEqual({ value: expect.objectContaining({ accepted: SERIES + 2, errors: [] }) });
    }
    // Far under the checkpoint rule (4 MiB and 64 samples a dirty head): nothing but the WAL holds the floats.
    expect(await walRows(shard(name))).toBe(ROUNDS);
    const inChunks = await runInDurableObject(
      shard(name),
      (_i, state) => state.storage.sql.exec<{ n: number | null }>("SELECT SUM(count) AS n FROM chunks").one().n ?? 0,
    );
    expect(inChunks).toBe(0);

    await abortAllDurableObjects();
    const r = await shard(name).select([{ name: "__name__", op: "=~", value: "wal_many.*" }], 0, Date.now());
    if (r.error !== undefined) throw new Error(r.error);
    const floats = new Map<string, number[]>();
    const hists = new Map<string, number[]>();
    for (const x of r.value) {
      const key = `${x.labels.__name__}/${x.labels.pod}`;
      x.timestamps.forEach((_t, j) => {
        const h = x.histograms?.[j];
        if (h) hists.set(key, [...(hists.get(key) ?? []), h.count]);
        else floats.set(key, [...(floats.get(key) ?? []), x.values[j]]);
      });
    }
    expect(floats.size).toBe(SERIES);
    for (let i = 0; i < SERIES; i++)
      expect(floats.get(`wal_many/p${i}`)).toEqual(Array.from({ length: ROUNDS }, (_, k) => i * 1_000 + k));
    expect(hists.get("wal_many_hist/h")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(hists.get("wal_many/p0")).toEqual([10, 11, 12, 13, 14, 15]);
    // The replay checkpointed: the heads are rows now and the WAL is empty.
    expect(await walRows(shard(name))).toBe(0);
  });
});

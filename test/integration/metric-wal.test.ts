// The metric shard's write-ahead log against its alarm: a busy shard's alarm leaves the log to the size rule
// (core/tsdb/wal.ts checkpointDue) instead of rewriting every head each 10 s, an idle shard's alarm
// checkpoints it, and no acknowledged sample is lost either way, across a restart included.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
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
});

// The append path's writes in a real shard: a checkpoint forced by the WAL's size while appends go on writes heads
// as they are held (XOR, no re-encoding), loses nothing across a restart, and the checkpoint at rest rewrites those
// rows in their smallest format; sealed chunks gathered into multi-row statements are all stored.
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { float64Bits } from "../../core/tsdb/chunk";
import { INT_CHUNK_TAG } from "../../core/tsdb/int-chunk";
import { uniq } from "./ingest-helpers";

type Shard = ReturnType<typeof shardOf>;
const shardOf = (name: string) => env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(name));

const PODS = 3;
const STEP = 15_000;
const valueAt = (pod: number, i: number) => pod * 1_000_000 + i * 37 + ((i * i) % 11);

async function appendRange(s: Shard, t0: number, from: number, to: number): Promise<void> {
  const ts = Array.from({ length: to - from }, (_, k) => t0 + (from + k) * STEP);
  const r = await s.append({
    series: Array.from({ length: PODS }, (_, p) => ({
      labels: { __name__: "busy_ckpt", pod: `p${p}` },
      timestamps: ts,
      values: Float64Array.from(ts, (_t, k) => valueAt(p, from + k)),
    })),
  });
  expect(r).toEqual({ value: expect.objectContaining({ accepted: PODS * (to - from), errors: [] }) });
}

async function read(s: Shard): Promise<Map<string, { ts: number[]; bits: number[] }>> {
  const r = await s.select([{ name: "__name__", op: "=", value: "busy_ckpt" }], 0, Date.now());
  if (r.error !== undefined) throw new Error(r.error);
  return new Map(
    r.value.map((x) => [x.labels.pod, { ts: Array.from(x.timestamps), bits: Array.from(float64Bits(x.values)) }]),
  );
}

function expected(t0: number, n: number): Map<string, { ts: number[]; bits: number[] }> {
  return new Map(
    Array.from({ length: PODS }, (_, p) => {
      const ts = Array.from({ length: n }, (_, i) => t0 + i * STEP);
      const vs = Float64Array.from({ length: n }, (_, i) => valueAt(p, i));
      return [`p${p}`, { ts, bits: Array.from(float64Bits(vs)) }];
    }),
  );
}

const rowFormats = (s: Shard) =>
  runInDurableObject(s, (_i, state) =>
    state.storage.sql
      .exec<{ data: ArrayBuffer }>("SELECT data FROM chunks ORDER BY series_id, min_t")
      .toArray()
      .map((r) => new Uint8Array(r.data)[0]),
  );

const walRows = (s: Shard) =>
  runInDurableObject(s, (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM wal").one().n);

/** The checkpoint checkpointDue forces inside a busy append (its size rule needs megabytes of WAL). */
const busyCheckpoint = (s: Shard) =>
  runInDurableObject(s, (inst, state) =>
    state.storage.transactionSync(() =>
      (inst as unknown as { heads: { checkpoint(atRest: boolean): void } }).heads.checkpoint(false),
    ),
  );

describe("metric shard append path", () => {
  it("writes heads as XOR at a busy checkpoint, keeps every acknowledged sample across a restart, compacts at rest", async () => {
    const name = uniq("busy-ckpt");
    // A stub does not outlive abortAllDurableObjects(): each step takes a fresh one.
    let s = shardOf(name);
    const t0 = Date.now() - 40 * 60_000;
    await appendRange(s, t0, 0, 50);
    await busyCheckpoint(s);
    expect(await walRows(s)).toBe(0);
    // One head row per series, as held: XOR (first byte 0, the high byte of the count).
    expect(await rowFormats(s)).toEqual(Array(PODS).fill(0));
    expect(await read(s)).toEqual(expected(t0, 50));

    // More samples in the WAL only, then a restart: the replay resumes the XOR rows and loses nothing.
    await appendRange(s, t0, 50, 60);
    await abortAllDurableObjects();
    s = shardOf(name);
    expect(await read(s)).toEqual(expected(t0, 60));

    // Another busy checkpoint, then appends pause: the alarm's checkpoint rewrites the rows as integer chunks.
    await appendRange(s, t0, 60, 70);
    await busyCheckpoint(s);
    expect(await rowFormats(s)).toEqual(Array(PODS).fill(0));
    await runInDurableObject(s, (inst) => {
      (inst as unknown as { lastAppendAt: number }).lastAppendAt = Date.now() - 11_000;
    });
    expect(await runDurableObjectAlarm(s)).toBe(true);
    expect(await rowFormats(s)).toEqual(Array(PODS).fill(INT_CHUNK_TAG));
    expect(await read(s)).toEqual(expected(t0, 70));
    await abortAllDurableObjects();
    expect(await read(shardOf(name))).toEqual(expected(t0, 70));
  });

  it("stores every chunk an append seals when they take several multi-row statements", async () => {
    const name = uniq("many-seals");
    const s = shardOf(name);
    const SERIES = 45;
    const N = 250;
    const t0 = Date.now() - N * STEP - 60_000;
    const ts = Array.from({ length: N }, (_, i) => t0 + i * STEP);
    const r = await s.append({
      series: Array.from({ length: SERIES }, (_, p) => ({
        labels: { __name__: "many_seals", pod: `p${p}` },
        timestamps: ts,
        values: Float64Array.from(ts, (_t, i) => p * 10_000 + i),
      })),
    });
    expect(r).toEqual({ value: expect.objectContaining({ accepted: SERIES * N, errors: [] }) });
    // Each series sealed two chunks of 120 in that append (90 rows, over 20 a statement); its head is in the WAL.
    const sealed = await runInDurableObject(s, (_i, state) =>
      state.storage.sql.exec<{ rows: number; n: number }>("SELECT COUNT(*) AS rows, SUM(count) AS n FROM chunks").one(),
    );
    expect(sealed).toEqual({ rows: SERIES * 2, n: SERIES * 240 });
    await abortAllDurableObjects();
    const got = await shardOf(name).select([{ name: "__name__", op: "=", value: "many_seals" }], 0, Date.now());
    if (got.error !== undefined) throw new Error(got.error);
    expect(got.value.length).toBe(SERIES);
    for (const x of got.value) {
      const p = Number(x.labels.pod.slice(1));
      expect(Array.from(x.timestamps)).toEqual(ts);
      expect(Array.from(x.values)).toEqual(ts.map((_t, i) => p * 10_000 + i));
    }
  });
});

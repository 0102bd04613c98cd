// Chunk formats in a real shard: integer chunks for integer and decimal series, XOR for the rest, rows written
// before integer chunks existed still read and resumed, and a head resumed from an integer row continues exactly.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ChunkAppender, float64Bits } from "../../core/tsdb/chunk";
import { chunkCount, decodeChunkInto } from "../../core/tsdb/chunk-decode";
import { INT_CHUNK_TAG } from "../../core/tsdb/int-chunk";
import { uniq } from "./ingest-helpers";

const STALE = new Float64Array(new Uint32Array([2, 0x7ff00000]).buffer)[0];

function shard(name: string) {
  const raw = env.METRIC_SHARD.get(env.METRIC_SHARD.idFromName(name));
  return {
    raw,
    async append(name: string, pod: string, ts: number[], vs: number[]) {
      const r = await raw.append({
        series: [{ labels: { __name__: name, pod }, timestamps: ts, values: Float64Array.from(vs) }],
      });
      if (r.error !== undefined) throw new Error(r.error);
      expect(r.value.accepted).toBe(ts.length);
    },
    async read(name: string) {
      const r = await raw.select([{ name: "__name__", op: "=", value: name }], 0, Date.now() + 60_000);
      if (r.error !== undefined) throw new Error(r.error);
      return r.value.map((s) => ({ pod: s.labels.pod, ts: Array.from(s.timestamps), bits: bitsOf(s.values) }));
    },
    /** Forget the in-memory heads (every one is clean after stats()' checkpoint). */
    dropHeads: () =>
      runInDurableObject(raw, (inst) => (inst as unknown as { heads: { forget(): void } }).heads.forget()),
    /** The stored rows: their first byte (the format) and sample counts. */
    rows: () =>
      runInDurableObject(raw, (_, state) =>
        state.storage.sql
          .exec<{ min_t: number; data: ArrayBuffer }>("SELECT min_t, data FROM chunks ORDER BY series_id, min_t")
          .toArray()
          .map((r) => ({ minT: r.min_t, data: new Uint8Array(r.data) })),
      ),
  };
}

const bitsOf = (vs: ArrayLike<number>) => Array.from(float64Bits(Float64Array.from(vs)));

describe("metric chunk formats in a shard", () => {
  it("stores counters and millisecond sums as integer chunks, stale markers as XOR, every bit read back", async () => {
    const s = shard(uniq("chunk-formats"));
    const t0 = Date.now() - 3 * 3_600_000;
    const ts = Array.from({ length: 400 }, (_, i) => t0 + i * 15_000);
    let c = 5_000;
    const counter = ts.map((_, i) => (c += 30 + ((i * 13) % 17)));
    const sum = counter.map((x) => x / 1000 + 0.125);
    const stale = counter.map((x, i) => (i === 250 ? STALE : x));
    await s.append("ctr", "a", ts, counter);
    await s.append("sum", "a", ts, sum);
    await s.append("stale", "a", ts, stale);
    const stats = await s.raw.stats();
    expect(stats.samples).toBe(1200);
    const rows = await s.rows();
    // Per series 3 sealed chunks and the head; only the stale marker's chunk stays XOR.
    expect(rows.filter((r) => r.data[0] === INT_CHUNK_TAG)).toHaveLength(11);
    expect(rows.filter((r) => r.data[0] === 0)).toHaveLength(1);
    for (const [name, vs] of [
      ["ctr", counter],
      ["sum", sum],
      ["stale", stale],
    ] as const)
      expect(await s.read(name)).toEqual([{ pod: "a", ts, bits: bitsOf(vs) }]);
    const intBytes = rows.filter((r) => r.data[0] === INT_CHUNK_TAG).reduce((n, r) => n + r.data.length, 0);
    expect(intBytes / 1080).toBeLessThan(1);
  });

  it("reads rows written in the old XOR format and resumes heads from either format after eviction", async () => {
    const s = shard(uniq("chunk-legacy"));
    const t0 = Date.now() - 3 * 3_600_000;
    const ts = Array.from({ length: 300 }, (_, i) => t0 + i * 15_000);
    const vs = ts.map((_, i) => i * 7);
    await s.append("legacy", "a", ts.slice(0, 200), vs.slice(0, 200));
    await s.raw.stats();
    // Rewrite every row as the XOR format wrote it before integer chunks (count first, so byte 0 is 0).
    await runInDurableObject(s.raw, (_, state) => {
      const sql = state.storage.sql;
      for (const r of sql
        .exec<{ series_id: number; min_t: number; data: ArrayBuffer }>("SELECT * FROM chunks")
        .toArray()) {
        const data = new Uint8Array(r.data);
        const n = chunkCount(data);
        const t = new Float64Array(n);
        const v = new Float64Array(n);
        decodeChunkInto(data, -Infinity, Infinity, t, float64Bits(v), 0);
        const app = new ChunkAppender();
        for (let i = 0; i < n; i++) app.append(t[i], v[i]);
        const blob = app.bytes().buffer as ArrayBuffer;
        sql.exec("UPDATE chunks SET data = ? WHERE series_id = ? AND min_t = ?", blob, r.series_id, r.min_t);
      }
    });
    expect((await s.rows()).every((r) => r.data[0] === 0)).toBe(true);
    expect(await s.read("legacy")).toEqual([{ pod: "a", ts: ts.slice(0, 200), bits: bitsOf(vs.slice(0, 200)) }]);
    // Heads dropped from memory after a checkpoint, as an eviction or a restart leaves them: the next append
    // resumes the open chunk from its legacy row.
    await s.dropHeads();
    await s.append("legacy", "a", ts.slice(200, 250), vs.slice(200, 250));
    await s.raw.stats();
    expect((await s.rows()).some((r) => r.data[0] === INT_CHUNK_TAG)).toBe(true);
    // Again from an integer row.
    await s.dropHeads();
    await s.append("legacy", "a", ts.slice(250), vs.slice(250));
    const stats = await s.raw.stats();
    expect(stats).toMatchObject({ samples: 300, chunks: 3 });
    expect(await s.read("legacy")).toEqual([{ pod: "a", ts, bits: bitsOf(vs) }]);
  });
});

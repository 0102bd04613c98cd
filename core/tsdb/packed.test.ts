import { describe, expect, it } from "vitest";
import { BITS_HI, BITS_LO, float64Bits } from "./chunk";
import { appendToHead } from "./head";
import { fingerprint } from "./labels";
import { packedProblem, packKeyed, packSeries } from "./packed";
import { WalWriter, walSamples } from "./wal";

const STALE = new Float64Array(new Uint32Array(BITS_LO === 0 ? [2, 0x7ff00000] : [0x7ff00000, 2]).buffer)[0];

function values(...v: number[]): Float64Array {
  return new Float64Array(v);
}

describe("packed series", () => {
  it("round-trips keys, counts, timestamps and value bits (stale markers included) series after series", () => {
    const p = packSeries([
      { key: "a", fingerprint: 1, timestamps: [10, 20, 20], values: values(1, STALE, 3) },
      { key: "b", fingerprint: 2, timestamps: [], values: values() },
      { key: "c", fingerprint: 3, timestamps: [5], values: values(Number.NaN), delta: true },
    ]);
    expect(p.keys).toEqual(["a", "b", "c"]);
    expect([...p.fingerprints]).toEqual([1, 2, 3]);
    expect([...p.counts]).toEqual([3, 0, 1]);
    expect([...p.timestamps]).toEqual([10, 20, 20, 5]);
    expect([...(p.delta ?? [])]).toEqual([0, 0, 1]);
    const bits = float64Bits(p.values);
    expect([bits[2 + BITS_HI], bits[2 + BITS_LO]]).toEqual([0x7ff00000, 2]);
    expect(Number.isNaN(p.values[3])).toBe(true);
    expect(packedProblem(p)).toBeNull();
    expect(packedProblem(structuredClone(p))).toBeNull();
  });

  it("leaves delta out when no series is a delta series, and computes fingerprints for keyed input", () => {
    const p = packKeyed([{ key: "x", timestamps: [1], values: values(1) }]);
    expect(p.delta).toBeUndefined();
    expect(p.fingerprints[0]).toBe(fingerprint("x"));
  });

  it("names what is wrong with a malformed message", () => {
    const ok = packSeries([{ key: "a", fingerprint: 1, timestamps: [1, 2], values: values(1, 2) }]);
    expect(packedProblem(null)).toMatch(/object/);
    expect(packedProblem({ ...ok, keys: [1] })).toMatch(/strings/);
    expect(packedProblem({ ...ok, fingerprints: new Float64Array(2) })).toMatch(/fingerprints/);
    expect(packedProblem({ ...ok, counts: [2] })).toMatch(/counts/);
    expect(packedProblem({ ...ok, counts: new Uint32Array([3]) })).toMatch(/3 samples/);
    expect(packedProblem({ ...ok, timestamps: [1, 2] })).toMatch(/timestamps/);
    expect(packedProblem({ ...ok, values: new Float64Array(1) })).toMatch(/2 samples/);
    expect(packedProblem({ ...ok, delta: new Uint8Array(2) })).toMatch(/delta/);
  });
});

describe("appendToHead over a range of a packed message", () => {
  it("reads only its range, logs accepted samples to the WAL and keeps duplicate / out-of-order rules", () => {
    // Series 0 owns samples 0-1, series 1 owns 2-6: a duplicate, a conflict and an out-of-order sample.
    const p = packSeries([
      { key: "a", fingerprint: 1, timestamps: [1, 2], values: values(9, 9) },
      { key: "b", fingerprint: 2, timestamps: [10, 10, 10, 20, 15], values: values(1, 1, 2, STALE, 4) },
    ]);
    const wal = new WalWriter();
    const out = appendToHead(null, p.timestamps, float64Bits(p.values), BITS_HI, BITS_LO, 2, 7, wal, 42);
    expect(out).toMatchObject({ accepted: 2, duplicates: 1, conflicts: 1, outOfOrder: 1 });
    expect(out.head?.minT).toBe(10);
    expect(out.head?.app.lastT).toBe(20);
    const logged = [...walSamples(wal.bytes())];
    expect(logged.map((s) => [s.id, s.t])).toEqual([
      [42, 10],
      [42, 20],
    ]);
    expect([logged[1].hi, logged[1].lo]).toEqual([0x7ff00000, 2]);
  });
});

import snappy from "snappyjs";
import { describe, expect, it } from "vitest";
import { allBuckets } from "../../core/histogram/buckets";
import { decodeWriteRequest } from "../../core/remote-write/decode";
import { mergeSnapshots } from "./metric-store.mjs";
import { bucketIndex, NATIVE_NAME, NativeHistograms } from "./native-histogram.mjs";
import { encodeWriteRequest } from "./remote-write.mjs";

describe("checkout latencies as native histograms", () => {
  it("buckets by Prometheus' rule: (2^((i-1)/8), 2^(i/8)], an exact bound closing its bucket", () => {
    expect(bucketIndex(1, 3)).toBe(0);
    expect(bucketIndex(2, 3)).toBe(8);
    expect(bucketIndex(2.0001, 3)).toBe(9);
    expect(bucketIndex(0.25, 3)).toBe(-16);
    expect(bucketIndex(0.26, 3)).toBe(-15);
  });

  it("decode as Vigil reads remote_write: cumulative counts, the observations in their buckets", () => {
    const n = new NativeHistograms();
    const labels = { job: "checkout-service", service: "checkout-service", environment: "production", region: "r" };
    n.observe(labels, [0.1, 0.1, 0.5, 4.2]);
    const first = n.snapshot(1_000);
    n.observe(labels, [0.5]);
    const second = n.snapshot(2_000);
    const body = encodeWriteRequest(mergeSnapshots([first, second]));
    const batch = decodeWriteRequest(body);
    expect(batch.histogramsInvalid).toBe(0);
    expect(batch.histogramSeries).toHaveLength(1);
    const [s] = batch.histogramSeries;
    expect(s.labels).toMatchObject({ __name__: NATIVE_NAME, region: "r" });
    expect(s.samples.map((x) => x.t)).toEqual([1_000, 2_000]);
    const last = s.samples[1].h;
    expect(last.schema).toBe(3);
    expect(last.count).toBe(5);
    expect(last.sum).toBeCloseTo(5.4, 12);
    const populated = allBuckets(last).filter((b) => b.count > 0);
    expect(populated.map((b) => b.count)).toEqual([2, 2, 1]);
    for (const [b, v] of [
      [populated[0], 0.1],
      [populated[1], 0.5],
      [populated[2], 4.2],
    ] as const) {
      expect(b.lower).toBeLessThan(v);
      expect(b.upper).toBeGreaterThanOrEqual(v);
      expect(b.upper / b.lower).toBeCloseTo(2 ** (1 / 8), 12);
    }
    // snappy as sendRemoteWrite sends it: the body survives the compression the receiver undoes.
    expect(snappy.uncompress(snappy.compress(body))).toEqual(body);
  });

  it("leaves the classic series alone: a snapshot with no native histogram observed is empty", () => {
    expect(new NativeHistograms().snapshot(1)).toEqual([]);
  });
});

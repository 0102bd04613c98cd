// One native histogram family for the explorer's heatmap: checkout's request latencies (the same observations the
// classic `_bucket` series count, no random draws of its own, so no other series or figure changes) as
// Prometheus native histograms of schema 3 (8 buckets per doubling), sent through remote_write as float
// histograms. A restarted demo starts them from zero again: rate() reads that as the counter reset it is.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

export const NATIVE_NAME = "checkout_request_duration_seconds";
export const NATIVE_SCHEMA = 3;
/** Prometheus' default zero threshold (2^-128). */
export const ZERO_THRESHOLD = 2 ** -128;

/** Bucket index of a positive value in `schema`: bucket i is (2^((i-1)/2^s), 2^(i/2^s)]. @param {number} v @param {number} schema */
export function bucketIndex(v, schema) {
  const scaled = Math.log2(v) * 2 ** schema;
  const i = Math.ceil(scaled);
  // An exact bound belongs to the bucket it closes; float log2 may land a hair above it.
  return Math.abs(scaled - Math.round(scaled)) < 1e-9 ? Math.round(scaled) : i;
}

const key = (/** @type {Record<string, string>} */ labels) => JSON.stringify(Object.entries(labels).sort());

/** @typedef {{ labels: Record<string, string>, count: number, sum: number, zero: number, buckets: Map<number, number> }} NativeSeries */

export class NativeHistograms {
  constructor(schema = NATIVE_SCHEMA) {
    this.schema = schema;
    /** @type {Map<string, NativeSeries>} */
    this.series = new Map();
  }

  /** @param {Record<string, string>} labels @param {number[]} values */
  observe(labels, values) {
    const all = { __name__: NATIVE_NAME, ...labels };
    const k = key(all);
    let h = this.series.get(k);
    if (!h) this.series.set(k, (h = { labels: all, count: 0, sum: 0, zero: 0, buckets: new Map() }));
    for (const v of values) {
      h.count++;
      h.sum += v;
      if (Math.abs(v) <= ZERO_THRESHOLD) h.zero++;
      else if (v > 0) {
        const i = bucketIndex(v, this.schema);
        h.buckets.set(i, (h.buckets.get(i) ?? 0) + 1);
      }
    }
  }

  /** Every series as one histogram sample at `timestamp` (ms). @param {number} timestamp
   * @returns {import("./remote-write.mjs").TimeSeries[]} */
  snapshot(timestamp) {
    return [...this.series.values()].map((h) => ({
      labels: h.labels,
      samples: [],
      histograms: [encodeFloatHistogram(h, this.schema, timestamp)],
    }));
  }
}

/** The remote_write Histogram message (1.0 and 2.0 alike) with float counts: one span from the lowest populated
 * bucket to the highest, empty ones in between written as 0. @param {NativeSeries} h @param {number} schema
 * @param {number} timestamp */
export function encodeFloatHistogram(h, schema, timestamp) {
  const idx = [...h.buckets.keys()].sort((a, b) => a - b);
  const w = new BinaryWriter();
  w.tag(2, WireType.Bit64).double(h.count);
  w.tag(3, WireType.Bit64).double(h.sum);
  w.tag(4, WireType.Varint).sint32(schema);
  w.tag(5, WireType.Bit64).double(ZERO_THRESHOLD);
  w.tag(7, WireType.Bit64).double(h.zero);
  if (idx.length) {
    const lo = idx[0];
    const n = idx[idx.length - 1] - lo + 1;
    w.tag(11, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.Varint)
      .sint32(lo)
      .tag(2, WireType.Varint)
      .uint32(n)
      .join();
    w.tag(13, WireType.LengthDelimited).fork();
    for (let i = 0; i < n; i++) w.double(h.buckets.get(lo + i) ?? 0);
    w.join();
  }
  w.tag(15, WireType.Varint).int64(timestamp);
  return w.finish();
}

// Many series' samples in one message for a metric shard: the series keys, and every sample of every series in
// flat typed arrays, series after series. An RPC clones a typed array as one block of bytes, whereas an array of
// per-series objects costs the structured clone (and the receiver's validation) an object, an array and a
// number per sample. Values stay a Float64Array, so NaN payloads such as stale markers keep their bits.
import { fingerprint } from "./labels";

/** As many series as one append may carry in any form. */
export const MAX_PACKED_SERIES = 1_000_000;

export interface PackedSeries {
  /** Canonical series keys (seriesKey(labels)). */
  keys: string[];
  /** fingerprint(key) per series: the router computed it anyway, and a shard can look ids up by number. */
  fingerprints: Float64Array;
  /** Samples per series; series i owns the next counts[i] entries of `timestamps` and `values`. */
  counts: Uint32Array;
  timestamps: Float64Array;
  values: Float64Array;
  /** 1 where a series' values are increments (OTLP delta temporality); absent when none are. */
  delta?: Uint8Array;
}

/** One series to pack. */
export interface PackInput {
  key: string;
  fingerprint: number;
  timestamps: ArrayLike<number>;
  values: Float64Array;
  delta?: boolean;
}

/** Pack `series` (sizes are known, so each array is allocated once at its final length). */
export function packSeries(series: readonly PackInput[]): PackedSeries {
  let total = 0;
  let anyDelta = false;
  for (const s of series) {
    total += s.timestamps.length;
    if (s.delta) anyDelta = true;
  }
  const out: PackedSeries = {
    keys: new Array<string>(series.length),
    fingerprints: new Float64Array(series.length),
    counts: new Uint32Array(series.length),
    timestamps: new Float64Array(total),
    values: new Float64Array(total),
  };
  if (anyDelta) out.delta = new Uint8Array(series.length);
  let off = 0;
  for (let i = 0; i < series.length; i++) {
    const s = series[i];
    const n = s.timestamps.length;
    out.keys[i] = s.key;
    out.fingerprints[i] = s.fingerprint;
    out.counts[i] = n;
    // A plain loop: `timestamps` is a number[] from the decoders, which TypedArray.set copies no faster.
    for (let j = 0; j < n; j++) out.timestamps[off + j] = s.timestamps[j];
    // Copied as a Float64Array block: the bytes (and so NaN payloads) move unchanged.
    out.values.set(s.values.length === n ? s.values : s.values.subarray(0, n), off);
    if (s.delta && out.delta) out.delta[i] = 1;
    off += n;
  }
  return out;
}

/** What is wrong with a received PackedSeries, or null: shapes and lengths must agree before any sample is read. */
export function packedProblem(p: unknown): string | null {
  if (typeof p !== "object" || p === null) return "packed must be an object";
  const { keys, fingerprints, counts, timestamps, values, delta } = p as Record<string, unknown>;
  if (!Array.isArray(keys)) return "packed.keys must be an array";
  if (keys.length > MAX_PACKED_SERIES) return `packed.keys holds more than ${MAX_PACKED_SERIES} series`;
  for (const k of keys) if (typeof k !== "string") return "packed.keys must be strings";
  if (!(fingerprints instanceof Float64Array) || fingerprints.length !== keys.length)
    return "packed.fingerprints must be a Float64Array with one entry per key";
  if (!(counts instanceof Uint32Array) || counts.length !== keys.length)
    return "packed.counts must be a Uint32Array with one entry per key";
  if (!(timestamps instanceof Float64Array)) return "packed.timestamps must be a Float64Array";
  if (!(values instanceof Float64Array)) return "packed.values must be a Float64Array";
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (timestamps.length !== total || values.length !== total)
    return `packed.timestamps and packed.values must hold the ${total} samples the counts announce`;
  if (delta !== undefined && (!(delta instanceof Uint8Array) || delta.length !== keys.length))
    return "packed.delta must be a Uint8Array with one entry per key";
  return null;
}

/** Pack series given as keys only (tests, older callers): fingerprints computed here. */
export function packKeyed(
  series: readonly { key: string; timestamps: ArrayLike<number>; values: Float64Array; delta?: boolean }[],
): PackedSeries {
  return packSeries(series.map((s) => ({ ...s, fingerprint: fingerprint(s.key) })));
}

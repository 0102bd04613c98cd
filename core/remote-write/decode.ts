// Prometheus remote_write 1.0: a snappy block-compressed protobuf WriteRequest. Decoded with the
// @bufbuild/protobuf wire reader; sample values are copied as raw bytes so stale-marker NaNs keep their bits.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { uncompress } from "snappyjs";
import type { Exemplar, SeriesExemplars } from "../exemplars/model";
import type { Labels } from "../promql/types";
import { fingerprint, labelsFromKey, type SeriesIdentity, seriesKey } from "../tsdb/labels";
import {
  METRIC_TYPES,
  type MetricMetadata,
  RemoteWriteDecodeError,
  type HistogramSeries,
  type SeriesSamples,
  type WriteBatch,
} from "./types";
import { type HistogramBatch, HistogramCollector } from "./histogram";
import { LabelSetCache, rawMatchesKey } from "./label-cache";
import type { HistSample } from "../tsdb/hist-chunk";

const utf8 = new TextDecoder();

/** Label names and values are short and mostly ASCII: building those directly beats a TextDecoder call. */
export function decodeString(b: Uint8Array): string {
  if (b.length > 64) return utf8.decode(b);
  for (let i = 0; i < b.length; i++) if (b[i] > 127) return utf8.decode(b);
  return String.fromCharCode.apply(null, b as unknown as number[]);
}

/** Snappy block decompression with an output cap (the uncompressed length is read from the header first). */
export function unsnappy(body: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return uncompress(body, maxBytes);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/too big/.test(msg)) throw new RemoteWriteDecodeError(`decompressed body exceeds ${maxBytes} bytes`);
    throw new RemoteWriteDecodeError(`body is not valid snappy block data: ${msg}`);
  }
}

export function end(r: BinaryReader): number {
  const len = r.uint32();
  const e = r.pos + len;
  if (e > r.len) throw new RemoteWriteDecodeError("truncated protobuf: a length prefix points past the end");
  return e;
}

export function want(actual: WireType, expected: WireType, field: string): void {
  if (actual !== expected)
    throw new RemoteWriteDecodeError(`field ${field} has wire type ${actual}, expected ${expected}`);
}

function readLabel(r: BinaryReader, e: number, labels: Labels): void {
  let name = "";
  let value = "";
  while (r.pos < e) {
    const [no, wt] = r.tag();
    if (no === 1) want(wt, WireType.LengthDelimited, "Label.name"), (name = r.string());
    else if (no === 2) want(wt, WireType.LengthDelimited, "Label.value"), (value = r.string());
    else r.skip(wt, no);
  }
  if (Object.hasOwn(labels, name))
    throw new RemoteWriteDecodeError(`duplicate label name ${JSON.stringify(name.slice(0, 64))} in a series`);
  // `__proto__` must become an own property, not the object's prototype.
  if (name === "__proto__")
    Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
  else labels[name] = value;
}

/** An int64 varint as a number without the reader's BigInt path (several times slower per sample): ms
 * timestamps fit in 8 varint bytes; longer ones (negative or >= 2^56) take the exact path. */
export function readTimestamp(r: BinaryReader, bytes: Uint8Array): number {
  const start = r.pos;
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 8 && start + i < bytes.length; i++) {
    const b = bytes[start + i];
    v += (b & 0x7f) * mul;
    if (b < 0x80) {
      r.pos = start + i + 1;
      return v;
    }
    mul *= 128;
  }
  return Number(r.int64());
}

/** Label sets seen recently (label-cache.ts): the same series arrives in every request, and decoding its
 * strings and building its canonical key dominates decode time (a miss costs about ten times a hit). */
export const LABEL_CACHE_BYTES = 16 * 1024 * 1024;
let labelSets = new LabelSetCache(LABEL_CACHE_BYTES);

/** The decoder's label-set cache (tests: its bound, and answers with a small or cold one). */
export function labelSetCache(): LabelSetCache {
  return labelSets;
}

/** Start over with an empty cache of `maxBytes` (tests). */
export function resetLabelSetCache(maxBytes = LABEL_CACHE_BYTES): void {
  labelSets = new LabelSetCache(maxBytes);
}

const RAW_KEY_MAX = 1024;

/** A 30-bit hash of the raw label bytes (a hit is still verified byte by byte, so one multiply per byte and a
 * final mix suffice: a collision only costs a miss). */
function hashBytes(b: Uint8Array): number {
  let h = 0x811c9dc5 ^ b.length;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x5bd1e995);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  // 30 bits: a small-integer Map key (a larger number is a heap number the Map must box and hash per lookup).
  return (h ^ (h >>> 16)) & 0x3fffffff;
}

/** End of the run of TimeSeries.labels fields (tag 0x0a) starting at `p`, or -1 if it cannot be cached. */
function labelRunEnd(bytes: Uint8Array, p: number, e: number): number {
  while (p < e && bytes[p] === 0x0a) {
    let len = 0;
    let shift = 0;
    let q = p + 1;
    for (;;) {
      if (q >= e || shift > 21) return -1;
      const b = bytes[q++];
      len |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    p = q + len;
  }
  return p <= e ? p : -1;
}

/** An Exemplar message: field 1 is its labels (1.0: Label messages; 2.0: symbol refs), 2 the value, 3 the time. */
export function readExemplar(r: BinaryReader, e: number, readLabels: (wt: WireType, into: Labels) => void): Exemplar {
  const ex: Exemplar = { labels: {}, value: 0, ts: 0 };
  while (r.pos < e) {
    const [no, wt] = r.tag();
    if (no === 1) readLabels(wt, ex.labels);
    else if (no === 2) want(wt, WireType.Bit64, "Exemplar.value"), (ex.value = r.double());
    else if (no === 3) want(wt, WireType.Varint, "Exemplar.timestamp"), (ex.ts = Number(r.int64()));
    else r.skip(wt, no);
  }
  return ex;
}

/**
 * The common shape of a TimeSeries.samples field, read without the generic reader (whose tag() allocates per
 * field, three times per sample): tag 0x12, a one-byte length, then the value (tag 0x09 + 8 bytes, absent when
 * 0.0) and a timestamp (tag 0x10 + a varint of at most 8 bytes) filling the message exactly. Returns the
 * position after the field, or 0 when the bytes take another shape (field order, a negative or absent
 * timestamp, extra fields): the caller then reads the field the generic way, so the result is the same.
 */
function readSampleFast(bytes: Uint8Array, p: number, e: number, timestamps: number[], valueOffsets: number[]): number {
  const len = bytes[p + 1];
  const end = p + 2 + len;
  if (len >= 0x80 || end > e) return 0;
  let q = p + 2;
  let off = -1;
  if (bytes[q] === 0x09) {
    off = q + 1;
    q += 9;
  }
  if (q >= end || bytes[q] !== 0x10) return 0;
  q++;
  let t = 0;
  let mul = 1;
  for (let i = 0; i < 8 && q < end; i++) {
    const b = bytes[q++];
    t += (b & 0x7f) * mul;
    if (b < 0x80) {
      if (q !== end) return 0;
      timestamps.push(t);
      valueOffsets.push(off);
      return end;
    }
    mul *= 128;
  }
  return 0;
}

const NO_VALUES = new Float64Array(0);

/** The labels decoded, or those of a cache hit's key (a plain function: a closure per series would allocate). */
function labelsOf(labels: Labels | undefined, identity: SeriesIdentity | undefined): Labels {
  return labels ?? labelsFromKey(identity!.key);
}

/** A series whose label set was a cache hit: its labels are built from its key when first read (validation
 * skips them for a set it checked before, routing needs only the identity), each time a fresh object the
 * caller owns. */
class KeyedSeries implements SeriesSamples {
  private own: Labels | undefined;
  values: Float64Array = NO_VALUES;

  constructor(
    readonly identity: SeriesIdentity,
    readonly timestamps: number[],
  ) {}

  get labels(): Labels {
    this.own ??= labelsFromKey(this.identity.key);
    return this.own;
  }
}

/** Shared by every series without exemplars (histograms); never pushed to (see readTimeSeries). */
const NO_EXEMPLARS: Exemplar[] = [];
const NO_HISTOGRAMS: HistSample[] = [];

/** One TimeSeries; its value offsets go to the request's `valueOffsets` (values are filled in by the caller). */
function readTimeSeries(
  r: BinaryReader,
  e: number,
  bytes: Uint8Array,
  valueOffsets: number[],
  hc: HistogramCollector,
): {
  labels: Labels | undefined;
  identity?: SeriesIdentity;
  timestamps: number[];
  histograms: HistSample[];
  exemplars: Exemplar[];
} {
  // Undefined while the labels are only known by a cached key (built on demand: most series never need them).
  let labels: Labels | undefined = {};
  let identity: SeriesIdentity | undefined;
  const timestamps: number[] = [];
  // Most series carry none of either: one array only when the first one comes.
  let exemplars: Exemplar[] = NO_EXEMPLARS;
  let histograms: HistSample[] = NO_HISTOGRAMS;
  let labelsDone = false;
  let keyed = false;
  while (r.pos < e) {
    if (!labelsDone && bytes[r.pos] === 0x0a) {
      labelsDone = true;
      const from = r.pos;
      const to = labelRunEnd(bytes, from, e);
      if (to > from && to - from <= RAW_KEY_MAX) {
        const raw = bytes.subarray(from, to);
        const h = hashBytes(raw);
        const hit = labelSets.get(h, raw);
        if (hit) {
          labels = undefined;
          identity = hit;
        } else {
          while (r.pos < to) {
            r.tag();
            readLabel(r, end(r), labels!);
          }
          const key = seriesKey(labels!);
          identity = { key, fingerprint: fingerprint(key), labelsChecked: false }; // one shape for all
          // Only a set whose bytes provably spell its key can ever hit (label-cache.ts).
          if (rawMatchesKey(raw, key)) labelSets.add(h, identity);
        }
        r.pos = to;
        keyed = true;
        continue;
      }
    }
    if (bytes[r.pos] === 0x12) {
      const next = readSampleFast(bytes, r.pos, e, timestamps, valueOffsets);
      if (next > 0) {
        r.pos = next;
        continue;
      }
    }
    const [no, wt] = r.tag();
    if (no === 1) {
      want(wt, WireType.LengthDelimited, "TimeSeries.labels");
      // A label after the first run (rare): continue on an unregistered copy so no stale key is attached.
      if (keyed) (labels = { ...labelsOf(labels, identity) }), (keyed = false), (identity = undefined);
      readLabel(r, end(r), labels!);
    } else if (no === 2) {
      want(wt, WireType.LengthDelimited, "TimeSeries.samples");
      const se = end(r);
      let off = -1;
      let t = 0;
      while (r.pos < se) {
        const [sno, swt] = r.tag();
        if (sno === 1) {
          want(swt, WireType.Bit64, "Sample.value");
          off = r.pos;
          r.skip(WireType.Bit64);
        } else if (sno === 2) {
          want(swt, WireType.Varint, "Sample.timestamp");
          t = readTimestamp(r, bytes);
        } else r.skip(swt, sno);
      }
      timestamps.push(t);
      valueOffsets.push(off);
    } else if (no === 3) {
      want(wt, WireType.LengthDelimited, "TimeSeries.exemplars");
      if (exemplars === NO_EXEMPLARS) exemplars = [];
      exemplars.push(
        readExemplar(r, end(r), (lwt, into) => {
          want(lwt, WireType.LengthDelimited, "Exemplar.labels");
          readLabel(r, end(r), into);
        }),
      );
    } else if (no === 4) {
      want(wt, WireType.LengthDelimited, "TimeSeries.histograms");
      if (histograms === NO_HISTOGRAMS) histograms = [];
      labels = labelsOf(labels, identity);
      hc.read(r, histograms, labels.__name__);
    } else r.skip(wt, no);
  }
  return { labels, identity, timestamps, histograms, exemplars };
}

/** Every sample value of a request in one Float64Array (its bytes copied raw, so NaN payloads keep their bits),
 * each series a view of its own run: one buffer per request instead of a small typed array per series, whose
 * `.buffer` V8 must first move off its heap. */
function fillValues(series: SeriesSamples[], valueOffsets: number[], bytes: Uint8Array): void {
  const all = new Float64Array(valueOffsets.length);
  const dst = new Uint8Array(all.buffer);
  for (let i = 0; i < valueOffsets.length; i++) {
    // An absent value field is 0.0 in proto3: the zero bytes are already there.
    const off = valueOffsets[i];
    if (off >= 0) for (let b = 0; b < 8; b++) dst[i * 8 + b] = bytes[off + b];
  }
  let from = 0;
  for (const s of series) {
    const to = from + s.timestamps.length;
    s.values = all.subarray(from, to);
    from = to;
  }
}

function readMetadata(r: BinaryReader, e: number): MetricMetadata {
  const md: MetricMetadata = { metric: "", type: "unknown", help: "", unit: "" };
  while (r.pos < e) {
    const [no, wt] = r.tag();
    if (no === 1) {
      want(wt, WireType.Varint, "MetricMetadata.type");
      md.type = METRIC_TYPES[r.int32()] ?? "unknown";
    } else if (no === 2)
      want(wt, WireType.LengthDelimited, "MetricMetadata.metric_family_name"), (md.metric = r.string());
    else if (no === 4) want(wt, WireType.LengthDelimited, "MetricMetadata.help"), (md.help = r.string());
    else if (no === 5) want(wt, WireType.LengthDelimited, "MetricMetadata.unit"), (md.unit = r.string());
    else r.skip(wt, no);
  }
  return md;
}

/** Decode an uncompressed WriteRequest. Throws RemoteWriteDecodeError on malformed input. */
export function decodeWriteRequest(bytes: Uint8Array): WriteBatch & HistogramBatch & { exemplars: SeriesExemplars[] } {
  const r = new BinaryReader(bytes, decodeString);
  const hc = new HistogramCollector();
  const batch: WriteBatch & HistogramBatch & { exemplars: SeriesExemplars[] } = {
    series: [],
    metadata: [],
    histograms: 0,
    histogramSeries: hc.series,
    histogramsInvalid: 0,
    histogramErrors: hc.errors,
    exemplars: [],
  };
  const valueOffsets: number[] = [];
  try {
    while (r.pos < r.len) {
      const [no, wt] = r.tag();
      if (no === 1) {
        want(wt, WireType.LengthDelimited, "WriteRequest.timeseries");
        const ts = readTimeSeries(r, end(r), bytes, valueOffsets, hc);
        if (ts.histograms.length > 0) {
          const hs: HistogramSeries = { labels: { ...labelsOf(ts.labels, ts.identity) }, samples: ts.histograms };
          if (ts.identity) hs.identity = ts.identity;
          hc.series.push(hs);
        }
        if (ts.exemplars.length > 0)
          batch.exemplars.push({ series: { ...labelsOf(ts.labels, ts.identity) }, exemplars: ts.exemplars });
        if (ts.labels === undefined) batch.series.push(new KeyedSeries(ts.identity!, ts.timestamps));
        else {
          const series: SeriesSamples = { labels: ts.labels, timestamps: ts.timestamps, values: NO_VALUES };
          if (ts.identity) series.identity = ts.identity;
          batch.series.push(series);
        }
      } else if (no === 3) {
        want(wt, WireType.LengthDelimited, "WriteRequest.metadata");
        batch.metadata.push(readMetadata(r, end(r)));
      } else r.skip(wt, no);
    }
  } catch (e) {
    if (e instanceof RemoteWriteDecodeError) throw e;
    throw new RemoteWriteDecodeError(`invalid protobuf WriteRequest: ${e instanceof Error ? e.message : String(e)}`);
  }
  fillValues(batch.series, valueOffsets, bytes);
  batch.histograms = hc.received;
  batch.histogramsInvalid = hc.invalid;
  return batch;
}

// A chunk of native histogram samples (Prometheus' FloatHistogram with its time), for series whose samples are
// histograms. Every field is kept exactly (float64 counts, schema, zero threshold, custom bounds, counter-reset
// hint), so a stored histogram reads back equal to the one written. Layout: tag 0x90, version 1, a varint sample
// count, then per sample: t (float64), hint (u8), schema (i8), zero threshold, zero count, count, sum (float64),
// positive spans and buckets, negative spans and buckets (varint span count, zigzag-varint offset and varint
// length per span, varint bucket count, float64 per bucket), custom bounds (varint count, float64 each).
// Simple rather than compact: spans and bounds repeat per sample (see docs/ARCHITECTURE.md).
import {
  type CounterResetHint,
  type FloatHistogram,
  isValidSchema,
  type Span,
  CUSTOM_BUCKETS_SCHEMA,
} from "../histogram/float-histogram";

export const HIST_CHUNK_TAG = 0x90;
const VERSION = 1;
const HINTS: readonly CounterResetHint[] = ["unknown", "reset", "not_reset", "gauge"];
/** More spans or buckets than any valid schema can hold on one side: a corrupt chunk, not a histogram. */
const MAX_PER_SIDE = 1 << 16;

export interface HistSample {
  t: number;
  h: FloatHistogram;
}

export class HistChunkError extends Error {}

class Writer {
  buf = new Uint8Array(256);
  view = new DataView(this.buf.buffer);
  n = 0;
  private room(k: number) {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  u8(v: number) {
    this.room(1);
    this.buf[this.n++] = v & 0xff;
  }
  f64(v: number) {
    this.room(8);
    this.view.setFloat64(this.n, v, true);
    this.n += 8;
  }
  uvarint(v: number) {
    while (v >= 0x80) {
      this.u8((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.u8(v);
  }
  zigzag(v: number) {
    this.uvarint(v < 0 ? -2 * v - 1 : 2 * v);
  }
}

class Reader {
  private readonly view: DataView;
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(k: number) {
    if (this.pos + k > this.bytes.length) throw new HistChunkError("histogram chunk truncated");
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }
  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  uvarint(): number {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
    throw new HistChunkError("histogram chunk varint too long");
  }
  zigzag(): number {
    const u = this.uvarint();
    return u % 2 === 1 ? -(u + 1) / 2 : u / 2;
  }
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }
}

function writeSide(w: Writer, spans: readonly Span[], buckets: readonly number[]) {
  w.uvarint(spans.length);
  for (const s of spans) {
    w.zigzag(s.offset);
    w.uvarint(s.length);
  }
  w.uvarint(buckets.length);
  for (const b of buckets) w.f64(b);
}

function readSide(r: Reader): { spans: Span[]; buckets: number[] } {
  const ns = r.uvarint();
  if (ns > MAX_PER_SIDE) throw new HistChunkError("histogram chunk: too many spans");
  const spans: Span[] = [];
  for (let i = 0; i < ns; i++) spans.push({ offset: r.zigzag(), length: r.uvarint() });
  const nb = r.uvarint();
  if (nb > MAX_PER_SIDE) throw new HistChunkError("histogram chunk: too many buckets");
  const buckets: number[] = [];
  for (let i = 0; i < nb; i++) buckets.push(r.f64());
  return { spans, buckets };
}

export function encodeHistChunk(samples: readonly HistSample[]): Uint8Array {
  const w = new Writer();
  w.u8(HIST_CHUNK_TAG);
  w.u8(VERSION);
  w.uvarint(samples.length);
  for (const { t, h } of samples) {
    w.f64(t);
    w.u8(Math.max(0, HINTS.indexOf(h.counterResetHint)));
    w.u8(h.schema & 0xff);
    w.f64(h.zeroThreshold);
    w.f64(h.zeroCount);
    w.f64(h.count);
    w.f64(h.sum);
    writeSide(w, h.positiveSpans, h.positiveBuckets);
    writeSide(w, h.negativeSpans, h.negativeBuckets);
    w.uvarint(h.customValues.length);
    for (const v of h.customValues) w.f64(v);
  }
  return w.buf.slice(0, w.n);
}

/** The samples of a chunk; throws HistChunkError on anything but a well-formed histogram chunk. */
export function decodeHistChunk(bytes: Uint8Array): HistSample[] {
  const r = new Reader(bytes);
  if (r.u8() !== HIST_CHUNK_TAG) throw new HistChunkError("not a histogram chunk");
  if (r.u8() !== VERSION) throw new HistChunkError("unknown histogram chunk version");
  const n = r.uvarint();
  const out: HistSample[] = [];
  for (let i = 0; i < n; i++) {
    const t = r.f64();
    const hint = HINTS[r.u8()];
    if (!hint) throw new HistChunkError("histogram chunk: bad counter-reset hint");
    const schema = (r.u8() << 24) >> 24;
    if (!isValidSchema(schema)) throw new HistChunkError(`histogram chunk: bad schema ${schema}`);
    const zeroThreshold = r.f64();
    const zeroCount = r.f64();
    const count = r.f64();
    const sum = r.f64();
    const pos = readSide(r);
    const neg = readSide(r);
    const nc = r.uvarint();
    if (nc > MAX_PER_SIDE) throw new HistChunkError("histogram chunk: too many custom bounds");
    const customValues: number[] = [];
    for (let j = 0; j < nc; j++) customValues.push(r.f64());
    if (customValues.length > 0 && schema !== CUSTOM_BUCKETS_SCHEMA)
      throw new HistChunkError("histogram chunk: custom bounds on an exponential schema");
    out.push({
      t,
      h: {
        counterResetHint: hint,
        schema,
        zeroThreshold,
        zeroCount,
        count,
        sum,
        positiveSpans: pos.spans,
        positiveBuckets: pos.buckets,
        negativeSpans: neg.spans,
        negativeBuckets: neg.buckets,
        customValues,
      },
    });
  }
  if (!r.done) throw new HistChunkError("histogram chunk: trailing bytes");
  return out;
}

/** Whether two histograms are the same sample bit for bit (a re-sent sample is a duplicate, anything else at the
 * same time a conflict). */
export function sameHistogram(a: FloatHistogram, b: FloatHistogram): boolean {
  const ea = encodeHistChunk([{ t: 0, h: a }]);
  const eb = encodeHistChunk([{ t: 0, h: b }]);
  return ea.length === eb.length && ea.every((x, i) => x === eb[i]);
}

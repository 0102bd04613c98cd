// A chunk of native histogram samples (Prometheus' FloatHistogram with its time), for series whose samples are
// histograms. Every field is kept exactly (float64 counts, schema, zero threshold, custom bounds, counter-reset
// hint), so a stored histogram reads back equal to the one written. Layout: tag 0x90, version 1, a varint sample
// count, then per sample: t (float64), a flags byte (bit 0: same layout as the previous sample), the hint (u8);
// unless the layout repeats, schema (i8), zero threshold (float64), positive and negative spans (varint span
// count, zigzag-varint offset and varint length each) and custom bounds (varint count, float64 each); then zero
// count, count, sum and every bucket as float64 (bucket counts follow from the spans). A series' layout rarely
// changes, so most samples cost 8 bytes per bucket plus 34.
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

function writeSpans(w: Writer, spans: readonly Span[]) {
  w.uvarint(spans.length);
  for (const sp of spans) {
    w.zigzag(sp.offset);
    w.uvarint(sp.length);
  }
}

function readSpans(r: Reader): Span[] {
  const n = r.uvarint();
  if (n > MAX_PER_SIDE) throw new HistChunkError("histogram chunk: too many spans");
  const spans: Span[] = [];
  for (let i = 0; i < n; i++) spans.push({ offset: r.zigzag(), length: r.uvarint() });
  return spans;
}

const bucketsOf = (spans: readonly Span[]) => spans.reduce((n, sp) => n + sp.length, 0);

function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  return a.length === b.length && a.every((sp, i) => sp.offset === b[i].offset && sp.length === b[i].length);
}

/** Schema, zero threshold, spans and custom bounds equal (bit for bit for the floats). */
function sameLayout(a: FloatHistogram, b: FloatHistogram): boolean {
  return (
    a.schema === b.schema &&
    Object.is(a.zeroThreshold, b.zeroThreshold) &&
    sameSpans(a.positiveSpans, b.positiveSpans) &&
    sameSpans(a.negativeSpans, b.negativeSpans) &&
    a.customValues.length === b.customValues.length &&
    a.customValues.every((v, i) => Object.is(v, b.customValues[i]))
  );
}

export function encodeHistChunk(samples: readonly HistSample[]): Uint8Array {
  const w = new Writer();
  w.u8(HIST_CHUNK_TAG);
  w.u8(VERSION);
  w.uvarint(samples.length);
  let prev: FloatHistogram | undefined;
  for (const { t, h } of samples) {
    // Bucket counts are implied by the spans: a histogram whose buckets disagree is stored as its spans say.
    if (
      bucketsOf(h.positiveSpans) !== h.positiveBuckets.length ||
      bucketsOf(h.negativeSpans) !== h.negativeBuckets.length
    )
      throw new HistChunkError("histogram buckets do not match their spans");
    const repeat = prev !== undefined && sameLayout(prev, h);
    w.f64(t);
    w.u8(repeat ? 1 : 0);
    w.u8(Math.max(0, HINTS.indexOf(h.counterResetHint)));
    if (!repeat) {
      w.u8(h.schema & 0xff);
      w.f64(h.zeroThreshold);
      writeSpans(w, h.positiveSpans);
      writeSpans(w, h.negativeSpans);
      w.uvarint(h.customValues.length);
      for (const v of h.customValues) w.f64(v);
    }
    w.f64(h.zeroCount);
    w.f64(h.count);
    w.f64(h.sum);
    for (const b of h.positiveBuckets) w.f64(b);
    for (const b of h.negativeBuckets) w.f64(b);
    prev = h;
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
  let prev: FloatHistogram | undefined;
  for (let i = 0; i < n; i++) {
    const t = r.f64();
    const flags = r.u8();
    if (flags > 1 || (flags === 1 && !prev)) throw new HistChunkError("histogram chunk: bad sample flags");
    const hint = HINTS[r.u8()];
    if (!hint) throw new HistChunkError("histogram chunk: bad counter-reset hint");
    let layout: Pick<FloatHistogram, "schema" | "zeroThreshold" | "positiveSpans" | "negativeSpans" | "customValues">;
    if (flags === 1 && prev) layout = prev;
    else {
      const schema = (r.u8() << 24) >> 24;
      if (!isValidSchema(schema)) throw new HistChunkError(`histogram chunk: bad schema ${schema}`);
      const zeroThreshold = r.f64();
      const positiveSpans = readSpans(r);
      const negativeSpans = readSpans(r);
      const nc = r.uvarint();
      if (nc > MAX_PER_SIDE) throw new HistChunkError("histogram chunk: too many custom bounds");
      const customValues: number[] = [];
      for (let j = 0; j < nc; j++) customValues.push(r.f64());
      if (customValues.length > 0 && schema !== CUSTOM_BUCKETS_SCHEMA)
        throw new HistChunkError("histogram chunk: custom bounds on an exponential schema");
      layout = { schema, zeroThreshold, positiveSpans, negativeSpans, customValues };
    }
    const np = bucketsOf(layout.positiveSpans);
    const nn = bucketsOf(layout.negativeSpans);
    if (np > MAX_PER_SIDE || nn > MAX_PER_SIDE) throw new HistChunkError("histogram chunk: too many buckets");
    const zeroCount = r.f64();
    const count = r.f64();
    const sum = r.f64();
    const positiveBuckets: number[] = [];
    for (let j = 0; j < np; j++) positiveBuckets.push(r.f64());
    const negativeBuckets: number[] = [];
    for (let j = 0; j < nn; j++) negativeBuckets.push(r.f64());
    // Each sample owns its arrays: values are treated as immutable, but a caller may still hold and change one.
    const h: FloatHistogram = {
      counterResetHint: hint,
      schema: layout.schema,
      zeroThreshold: layout.zeroThreshold,
      zeroCount,
      count,
      sum,
      positiveSpans: layout.positiveSpans.map((sp) => ({ ...sp })),
      positiveBuckets,
      negativeSpans: layout.negativeSpans.map((sp) => ({ ...sp })),
      negativeBuckets,
      customValues: [...layout.customValues],
    };
    out.push({ t, h });
    prev = h;
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

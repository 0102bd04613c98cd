// Integer chunks: a sealed chunk whose values are all integers, or decimals with a small common number of
// places (a counter, a bucket count, a _sum kept to the millisecond), stored as exact integers rather than as
// XOR'd float bits. Learnt from VictoriaMetrics' lib/encoding (decimal conversion, nearest-delta2): integer
// mantissas, then differences, then tight bit packing. A chunk holding anything else (NaN payloads such as the
// stale marker, ±Inf, -0, decimals that need more than 18 places, integers past 2^53) stays XOR: the encoder
// verifies that every value decodes to its original 64 bits, else it declines.
//
// Layout: byte 0 is INT_CHUNK_TAG (an XOR chunk's first byte is the high byte of a count <= 120, so 0), byte 1
// the sample count, then a bit stream: the timestamps as one packed sequence, a 5-bit decimal exponent e, the
// mantissas as another (value = mantissa / 10^e). A packed sequence is the differences of order k (0, 1 or 2,
// whichever packs smallest) of its integers: 2 bits k, the first k terms' leading values as signed fields,
// then the residuals' minimum as a signed field, a 6-bit width w, a bit saying whether one residual is stored
// apart (then its 8-bit index and its value as a signed field: a counter reset or a missed scrape no longer
// widens every other residual), and each other residual minus the minimum in w bits. A signed field is a 6-bit
// length L, then (if L > 0) a sign bit and L bits of magnitude. Regular timestamps pack as order 2 with w = 0:
// no bit per sample at all.
import { BitWriter, readBits } from "./bits";
import { BITS_HI, BITS_LO } from "./chunk";

export const INT_CHUNK_TAG = 0x81;
const MAX_SAMPLES = 255;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_EXP = 18;
const TWO32 = 4294967296;
const P10 = new Float64Array(MAX_EXP + 1);
for (let i = 0, p = 1; i <= MAX_EXP; i++, p *= 10) P10[i] = p;

const scratchF = new Float64Array(1);
const scratchU = new Uint32Array(scratchF.buffer);
let mantissas = new Float64Array(128);

/** Bits needed for a non-negative integer up to 2^53. */
function bitLength(x: number): number {
  return x < TWO32 ? 32 - Math.clz32(x) : 64 - Math.clz32(Math.floor(x / TWO32));
}

function fieldCost(x: number): number {
  const l = bitLength(x < 0 ? -x : x);
  return l ? 7 + l : 6;
}

function writeUnsigned(w: BitWriter, x: number, n: number): void {
  if (n > 32) {
    w.write(Math.floor(x / TWO32), n - 32);
    w.write(x >>> 0, 32);
  } else if (n > 0) w.write(x, n);
}

function writeField(w: BitWriter, x: number): void {
  const m = x < 0 ? -x : x;
  const l = bitLength(m);
  w.write(l, 6);
  if (l) {
    w.write(x < 0 ? 1 : 0, 1);
    writeUnsigned(w, m, l);
  }
}

/** Order k's residuals over xs[0..n): their two smallest and two largest, and where the extremes are. */
class Residuals {
  min = 0;
  min2 = 0;
  minAt = 0;
  max = 0;
  max2 = 0;
  maxAt = 0;

  /** False when a difference leaves the exact integer range. */
  scan(xs: Float64Array, n: number, k: number): boolean {
    let min = Infinity;
    let min2 = Infinity;
    let max = -Infinity;
    let max2 = -Infinity;
    let prev = 0;
    let prevD = 0;
    for (let i = 0; i < n; i++) {
      const x = xs[i];
      const d = x - prev;
      const r = k === 0 ? x : k === 1 ? d : d - prevD;
      if (i >= k) {
        if (r > MAX_SAFE || r < -MAX_SAFE) return false;
        if (r < min) (min2 = min), (min = r), (this.minAt = i);
        else if (r < min2) min2 = r;
        if (r > max) (max2 = max), (max = r), (this.maxAt = i);
        else if (r > max2) max2 = r;
      }
      if (i >= 1 && (d > MAX_SAFE || d < -MAX_SAFE)) return false;
      prevD = i >= 1 ? d : 0;
      prev = x;
    }
    if (max - min > MAX_SAFE) return false;
    this.min = min;
    this.min2 = min2;
    this.max = max;
    this.max2 = max2;
    return true;
  }
}

const res = new Residuals();

/** The packing chosen for a sequence. */
interface Plan {
  order: number;
  min: number;
  width: number;
  /** The one residual stored apart (a counter reset, a missed scrape), or -1. */
  exceptAt: number;
  cost: number;
}

const plan: Plan = { order: -1, min: 0, width: 0, exceptAt: -1, cost: Infinity };

function consider(
  order: number,
  head: number,
  count: number,
  min: number,
  max: number,
  exceptAt: number,
  extra: number,
) {
  const width = bitLength(max - min);
  const cost = head + fieldCost(min) + 7 + count * width + extra;
  if (cost >= plan.cost) return;
  plan.order = order;
  plan.min = min;
  plan.width = width;
  plan.exceptAt = exceptAt;
  plan.cost = cost;
}

/** Write xs[0..n) as a packed sequence; false when no order keeps every difference exact. */
function writeSequence(w: BitWriter, xs: Float64Array, n: number): boolean {
  plan.order = -1;
  plan.cost = Infinity;
  for (let k = 0; k <= 2 && k < n; k++) {
    if (!res.scan(xs, n, k)) continue;
    const head = k === 0 ? 0 : fieldCost(xs[0]) + (k === 2 ? fieldCost(xs[1] - xs[0]) : 0);
    const count = n - k;
    consider(k, head, count, res.min, res.max, -1, 0);
    if (count > 2) {
      // One residual apart, at the cost of its index and its own field, when the rest then pack narrower.
      consider(k, head, count - 1, res.min2, res.max, res.minAt, 8 + fieldCost(res.min));
      consider(k, head, count - 1, res.min, res.max2, res.maxAt, 8 + fieldCost(res.max));
    }
  }
  if (plan.order < 0) return false;
  const { order, min, width, exceptAt } = plan;
  w.write(order, 2);
  if (order >= 1) writeField(w, xs[0]);
  if (order === 2) writeField(w, xs[1] - xs[0]);
  writeField(w, min);
  w.write(width, 6);
  let prev = 0;
  let prevD = 0;
  if (exceptAt < 0) w.write(0, 1);
  else {
    w.write(1, 1);
    w.write(exceptAt, 8);
    const x = xs[exceptAt];
    const d = x - xs[exceptAt - 1];
    writeField(w, order === 0 ? x : order === 1 ? d : d - (xs[exceptAt - 1] - xs[exceptAt - 2]));
  }
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    const d = x - prev;
    const r = order === 0 ? x : order === 1 ? d : d - prevD;
    if (i >= order && i !== exceptAt) writeUnsigned(w, r - min, width);
    prevD = i >= 1 ? d : 0;
    prev = x;
  }
  return true;
}

/**
 * The smallest e <= MAX_EXP such that every value is exactly mantissa / 10^e for a safe integer mantissa
 * (checked on the bits, so -0 and NaN payloads never qualify), with the mantissas left in `mantissas`;
 * -1 when there is none.
 */
function decimalExponent(bits: Uint32Array, n: number): number {
  if (mantissas.length < n) mantissas = new Float64Array(n);
  let e = 0;
  for (let i = 0; i < n; i++) {
    scratchU[BITS_HI] = bits[2 * i + BITS_HI];
    scratchU[BITS_LO] = bits[2 * i + BITS_LO];
    const v = scratchF[0];
    for (; e <= MAX_EXP; e++) {
      const m = Math.round(v * P10[e]);
      if (m <= MAX_SAFE && m >= -MAX_SAFE && m / P10[e] === v) break;
    }
    if (e > MAX_EXP) return -1;
  }
  const p = P10[e];
  for (let i = 0; i < n; i++) {
    const hi = bits[2 * i + BITS_HI];
    const lo = bits[2 * i + BITS_LO];
    scratchU[BITS_HI] = hi;
    scratchU[BITS_LO] = lo;
    const m = Math.round(scratchF[0] * p) + 0;
    // A value that needed fewer places may pass 2^53 at a later value's exponent: then no exponent fits all.
    if (m > MAX_SAFE || m < -MAX_SAFE) return -1;
    scratchF[0] = e === 0 ? m : m / p;
    if (scratchU[BITS_HI] !== hi || scratchU[BITS_LO] !== lo) return -1;
    mantissas[i] = m;
  }
  return e;
}

/**
 * Encode n samples (timestamps ts[0..n), value bit halves in bits[0..2n) as decodeChunkInto lays them out)
 * as an integer chunk, or return null when a value is not such a decimal.
 */
export function encodeIntChunk(ts: Float64Array, bits: Uint32Array, n: number): Uint8Array | null {
  if (n < 1 || n > MAX_SAMPLES) return null;
  const e = decimalExponent(bits, n);
  if (e < 0) return null;
  const w = new BitWriter(new Uint8Array(16 + n * 2), 16);
  if (!writeSequence(w, ts, n)) return null;
  w.write(e, 5);
  if (!writeSequence(w, mantissas, n)) return null;
  const out = w.bytes();
  out[0] = INT_CHUNK_TAG;
  out[1] = n;
  return out;
}

/** Decoding cursor: a packed sequence's header, read at `pos`. */
class Sequence {
  pos = 0;
  order = 0;
  x0 = 0;
  d0 = 0;
  min = 0;
  width = 0;
  exceptAt = -1;
  except = 0;

  read(bytes: Uint8Array, len: number, pos: number): this {
    this.order = readBits(bytes, len, pos, 2);
    pos += 2;
    if (this.order >= 1) pos = this.field(bytes, len, pos, 0);
    if (this.order === 2) pos = this.field(bytes, len, pos, 1);
    pos = this.field(bytes, len, pos, 2);
    this.width = readBits(bytes, len, pos, 6);
    pos += 6;
    this.exceptAt = -1;
    if (readBits(bytes, len, pos++, 1) === 1) {
      this.exceptAt = readBits(bytes, len, pos, 8);
      pos = this.field(bytes, len, pos + 8, 3);
    }
    this.pos = pos;
    if (this.order > 2 || this.width > 53) throw new RangeError("chunk corrupt");
    return this;
  }

  private field(bytes: Uint8Array, len: number, pos: number, slot: number): number {
    const l = readBits(bytes, len, pos, 6);
    let v = 0;
    if (l) {
      if (l > 53) throw new RangeError("chunk corrupt");
      const neg = readBits(bytes, len, pos + 6, 1) === 1;
      v = unsigned(bytes, len, pos + 7, l);
      if (neg) v = -v;
      pos += 7 + l;
    } else pos += 6;
    if (slot === 0) this.x0 = v;
    else if (slot === 1) this.d0 = v;
    else if (slot === 2) this.min = v;
    else this.except = v;
    return pos;
  }
}

function unsigned(bytes: Uint8Array, len: number, pos: number, n: number): number {
  if (n > 32) return readBits(bytes, len, pos, n - 32) * TWO32 + readBits(bytes, len, pos + n - 32, 32);
  return n ? readBits(bytes, len, pos, n) : 0;
}

/** Decode a whole sequence of n terms into out[at..at+n); returns the bit position after it. */
function decodeSequence(bytes: Uint8Array, len: number, s: Sequence, n: number, out: Float64Array, at: number): number {
  const { order, min, width, exceptAt } = s;
  let pos = s.pos;
  if (pos + (n - order - (exceptAt >= order && exceptAt < n ? 1 : 0)) * width > len * 8)
    throw new RangeError("chunk truncated");
  let x = s.x0;
  let d = s.d0;
  for (let i = 0; i < n; i++) {
    if (i < order) {
      if (i === 1) x += d;
    } else {
      let r = min;
      if (i === exceptAt) r = s.except;
      else if (width) {
        r += width > 32 ? unsigned(bytes, len, pos, width) : readBits(bytes, len, pos, width);
        pos += width;
      }
      if (order === 0) x = r;
      else if (order === 1) x += r;
      else {
        d += r;
        x += d;
      }
    }
    out[at + i] = x;
  }
  return pos;
}

const tsSeq = new Sequence();
const valSeq = new Sequence();
let valueScratch = new Float64Array(128);

/** An integer chunk's sample count. */
export function intChunkCount(bytes: Uint8Array): number {
  return bytes.length >= 2 ? bytes[1] : 0;
}

/** decodeChunkInto for integer chunks: samples with start <= t <= end into ts[at..] and bits[2*at..]. */
export function decodeIntChunkInto(
  bytes: Uint8Array,
  start: number,
  end: number,
  ts: Float64Array,
  bits: Uint32Array,
  at: number,
): number {
  const n = intChunkCount(bytes);
  if (n === 0) return 0;
  const len = bytes.length;
  let pos = decodeSequence(bytes, len, tsSeq.read(bytes, len, 16), n, ts, at);
  let first = 0;
  while (first < n && ts[at + first] < start) first++;
  let last = first;
  while (last < n && ts[at + last] <= end) last++;
  if (last === first) return 0;
  const e = readBits(bytes, len, pos, 5);
  if (e > MAX_EXP) throw new RangeError("chunk corrupt");
  pos += 5;
  if (valueScratch.length < n) valueScratch = new Float64Array(n);
  decodeSequence(bytes, len, valSeq.read(bytes, len, pos), last, valueScratch, 0);
  const p = P10[e];
  for (let i = first; i < last; i++) {
    scratchF[0] = e === 0 ? valueScratch[i] : valueScratch[i] / p;
    const o = at + i - first;
    ts[o] = ts[at + i];
    bits[2 * o + BITS_HI] = scratchU[BITS_HI];
    bits[2 * o + BITS_LO] = scratchU[BITS_LO];
  }
  return last - first;
}

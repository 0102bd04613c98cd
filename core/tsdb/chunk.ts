// Gorilla-style XOR chunks, as Prometheus' chunkenc.XORChunk: delta-of-delta timestamps and XOR-compressed
// float bits. Values are handled as raw 64-bit patterns (two uint32 halves), never as arithmetic numbers,
// so NaN payloads such as Prometheus' stale marker (0x7ff0000000000002) survive bit for bit.
//
// Layout: 2-byte big-endian sample count, then the bit stream: t0 (64 bits), v0 (64 bits), and per further
// sample a delta-of-delta bucket ('0' | '10'+14 | '110'+17 | '1110'+20 | '1111'+64 bits) and an XOR value
// ('0' same | '10' reuse window | '11' + 5-bit leading + 6-bit length + bits).
import { BitReader, BitWriter } from "./bits";

export const MAX_CHUNK_SAMPLES = 120;
export const MAX_CHUNK_SPAN_MS = 2 * 60 * 60 * 1000;
const HEADER_BITS = 16;
const TWO32 = 4294967296;

const scratchF = new Float64Array(1);
const scratchU = new Uint32Array(scratchF.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1;
const HI = LITTLE ? 1 : 0;

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function write64(w: BitWriter, v: number): void {
  const hi = Math.floor(v / TWO32);
  w.write(hi >>> 0, 32);
  w.write(v - hi * TWO32, 32);
}

function read64(r: BitReader): number {
  const hi = r.read(32) | 0;
  return hi * TWO32 + r.read(32);
}

function writeRange(w: BitWriter, hi: number, lo: number, trail: number, n: number): void {
  const top = trail + n;
  if (top > 32) {
    const from = (trail > 32 ? trail : 32) - 32;
    w.write(hi >>> from, top - 32 - from);
  }
  if (trail < 32) w.write(lo >>> trail, (top < 32 ? top : 32) - trail);
}

/** Decoder state, shared by iteration and by resuming an appender on an existing chunk. */
class State {
  count = 0;
  t = 0;
  delta = 0;
  hi = 0;
  lo = 0;
  leading = 0xff;
  trailing = 0;
}

/** Iterates a chunk's samples in order. `hi`/`lo` are the raw value bits of the current sample. */
export class ChunkIterator extends State {
  readonly total: number;
  readonly reader: BitReader;

  constructor(bytes: Uint8Array) {
    super();
    this.total = bytes.length >= 2 ? (bytes[0] << 8) | bytes[1] : 0;
    this.reader = new BitReader(bytes, HEADER_BITS);
  }

  next(): boolean {
    if (this.count >= this.total) return false;
    const r = this.reader;
    if (this.count === 0) {
      this.t = read64(r);
      this.hi = r.read(32);
      this.lo = r.read(32);
    } else {
      let dod: number;
      if (!r.bit()) dod = 0;
      else if (!r.bit()) dod = signed(r.read(14), 14);
      else if (!r.bit()) dod = signed(r.read(17), 17);
      else if (!r.bit()) dod = signed(r.read(20), 20);
      else dod = read64(r);
      this.delta += dod;
      this.t += this.delta;
      if (r.bit()) {
        if (r.bit()) {
          this.leading = r.read(5);
          let sig = r.read(6);
          if (sig === 0) sig = 64;
          this.trailing = 64 - this.leading - sig;
        }
        const n = 64 - this.leading - this.trailing;
        const [xh, xl] = readRange(r, this.trailing, n);
        this.hi = (this.hi ^ xh) >>> 0;
        this.lo = (this.lo ^ xl) >>> 0;
      }
    }
    this.count++;
    return true;
  }

  /** The current value as a number (bit-exact through a typed array). */
  value(): number {
    scratchU[HI] = this.hi;
    scratchU[LO] = this.lo;
    return scratchF[0];
  }
}

function signed(v: number, bits: number): number {
  return v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
}

function readRange(r: BitReader, trail: number, n: number): [number, number] {
  const top = trail + n;
  let hi = 0;
  let lo = 0;
  if (top > 32) {
    const from = (trail > 32 ? trail : 32) - 32;
    hi = (r.read(top - 32 - from) * 2 ** from) >>> 0;
  }
  if (trail < 32) lo = (r.read((top < 32 ? top : 32) - trail) * 2 ** trail) >>> 0;
  return [hi, lo];
}

/** Appends samples to a chunk; `resume` continues an existing chunk (the open head chunk). */
export class ChunkAppender extends State {
  private readonly w: BitWriter;

  constructor(w?: BitWriter) {
    super();
    this.w = w ?? new BitWriter(new Uint8Array(32), HEADER_BITS);
  }

  static resume(bytes: Uint8Array): ChunkAppender {
    const it = new ChunkIterator(bytes);
    while (it.next());
    const buf = new Uint8Array(Math.max(32, bytes.length * 2));
    buf.set(bytes);
    const app = new ChunkAppender(new BitWriter(buf, it.reader.pos));
    Object.assign(app, {
      count: it.count,
      t: it.t,
      delta: it.delta,
      hi: it.hi,
      lo: it.lo,
      leading: it.leading,
      trailing: it.trailing,
    });
    return app;
  }

  get lastT(): number {
    return this.t;
  }

  /** Append a sample given as a number (its bits are taken through a typed array). */
  append(t: number, v: number): void {
    scratchF[0] = v;
    this.appendBits(t, scratchU[HI], scratchU[LO]);
  }

  /** Append a sample with raw value bits. Timestamps must be strictly increasing (the caller checks). */
  appendBits(t: number, hi: number, lo: number): void {
    const w = this.w;
    if (this.count === 0) {
      write64(w, t);
      w.write(hi, 32);
      w.write(lo, 32);
    } else {
      // Each prefix is written with its payload in one call (the bits are the same as written apart).
      const delta = t - this.t;
      const dod = delta - this.delta;
      if (dod === 0) w.write(0, 1);
      else if (dod >= -8192 && dod < 8192) w.write((0b10 << 14) | (dod & 0x3fff), 16);
      else if (dod >= -65536 && dod < 65536) w.write((0b110 << 17) | (dod & 0x1ffff), 20);
      else if (dod >= -524288 && dod < 524288) w.write((0b1110 << 20) | (dod & 0xfffff), 24);
      else w.write(0b1111, 4), write64(w, dod);
      this.delta = delta;
      const xh = (hi ^ this.hi) >>> 0;
      const xl = (lo ^ this.lo) >>> 0;
      if (xh === 0 && xl === 0) w.write(0, 1);
      else {
        let lead = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
        const trail = xl !== 0 ? ctz32(xl) : 32 + ctz32(xh);
        if (lead > 31) lead = 31;
        if (this.leading !== 0xff && lead >= this.leading && trail >= this.trailing) {
          w.write(0b10, 2);
          writeRange(w, xh, xl, this.trailing, 64 - this.leading - this.trailing);
        } else {
          this.leading = lead;
          this.trailing = trail;
          const sig = 64 - lead - trail;
          w.write((0b11 << 11) | (lead << 6) | (sig & 63), 13);
          writeRange(w, xh, xl, trail, sig);
        }
      }
    }
    this.t = t;
    this.hi = hi;
    this.lo = lo;
    this.count++;
  }

  /** The chunk's bytes with the header set (a copy: later appends do not change it). */
  bytes(): Uint8Array {
    const out = this.w.bytes();
    out[0] = (this.count >> 8) & 0xff;
    out[1] = this.count & 0xff;
    return out;
  }

  /** The chunk's bytes as a view of the appender's buffer, valid only until the next append: for a caller that
   * reads or copies them at once (re-encoding, a row's blob) and so spares a copy. */
  view(): Uint8Array {
    const buf = this.w.buf;
    buf[0] = (this.count >> 8) & 0xff;
    buf[1] = this.count & 0xff;
    return buf.subarray(0, (this.w.pos + 7) >> 3);
  }
}

/** Decode every sample of a chunk whose time lies in [start, end] into the given arrays; returns how many. */
export function decodeRange(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: { t: number[]; bits: number[] },
): number {
  const it = new ChunkIterator(bytes);
  let n = 0;
  while (it.next()) {
    if (it.t < start) continue;
    if (it.t > end) break;
    out.t.push(it.t);
    out.bits.push(it.hi, it.lo);
    n++;
  }
  return n;
}

/** Whole-chunk decode into typed arrays (values bit-exact). */
export function decodeChunk(bytes: Uint8Array): { timestamps: Float64Array; values: Float64Array } {
  const it = new ChunkIterator(bytes);
  const timestamps = new Float64Array(it.total);
  const values = new Float64Array(it.total);
  const u = new Uint32Array(values.buffer);
  let i = 0;
  while (it.next()) {
    timestamps[i] = it.t;
    u[2 * i + HI] = it.hi;
    u[2 * i + LO] = it.lo;
    i++;
  }
  return { timestamps, values };
}

/** Copy raw value bits (pairs of hi, lo) into a Float64Array without going through JS numbers. */
export function bitsToFloat64(bits: ArrayLike<number>): Float64Array {
  const out = new Float64Array(bits.length / 2);
  const u = new Uint32Array(out.buffer);
  for (let i = 0; i < out.length; i++) {
    u[2 * i + HI] = bits[2 * i];
    u[2 * i + LO] = bits[2 * i + 1];
  }
  return out;
}

/** Raw bits of values[i] as [hi, lo], read through a Uint32Array view (no NaN canonicalization). */
export function float64Bits(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
}
export const BITS_HI = HI;
export const BITS_LO = LO;

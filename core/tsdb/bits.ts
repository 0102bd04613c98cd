// Bit-level streams for the Gorilla chunk codec. Writes and reads take at most 32 bits at a time, so all
// arithmetic stays in JS's exact 32-bit integer operators.

export class BitWriter {
  buf: Uint8Array;
  /** Bits written so far. */
  pos: number;

  constructor(initial?: Uint8Array, bitPos = 0) {
    this.buf = initial ? initial : new Uint8Array(64);
    this.pos = bitPos;
  }

  private ensure(bits: number): void {
    const need = (this.pos + bits + 7) >> 3;
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.max(need, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }

  /** Write the low `n` bits of `v` (0 <= n <= 32), most significant first: the current byte's free bits, then
   * whole bytes, then the rest (every byte past `pos` is still zero, so whole bytes are stored, not or'ed). */
  write(v: number, n: number): void {
    if (n <= 0) return;
    this.ensure(n);
    const buf = this.buf;
    let idx = this.pos >> 3;
    const free = 8 - (this.pos & 7);
    this.pos += n;
    const x = n < 32 ? v & ((1 << n) - 1) : v >>> 0;
    if (n <= free) {
      buf[idx] |= x << (free - n);
      return;
    }
    n -= free;
    buf[idx++] |= x >>> n;
    while (n >= 8) {
      n -= 8;
      buf[idx++] = x >>> n;
    }
    if (n > 0) buf[idx] = x << (8 - n);
  }

  bit(b: boolean): void {
    this.write(b ? 1 : 0, 1);
  }

  /** The written bytes (a copy, trimmed to whole bytes). */
  bytes(): Uint8Array {
    return this.buf.slice(0, (this.pos + 7) >> 3);
  }
}

export class BitReader {
  pos: number;
  private readonly limit: number;

  constructor(
    private readonly buf: Uint8Array,
    bitPos = 0,
  ) {
    this.pos = bitPos;
    this.limit = buf.length * 8;
  }

  /** Read `n` bits (0 <= n <= 32) as an unsigned number. */
  read(n: number): number {
    if (this.pos + n > this.limit) throw new RangeError("chunk truncated");
    let out = 0;
    while (n > 0) {
      const idx = this.pos >> 3;
      const avail = 8 - (this.pos & 7);
      const take = avail < n ? avail : n;
      const bits = (this.buf[idx] >>> (avail - take)) & ((1 << take) - 1);
      out = out * (1 << take) + bits;
      this.pos += take;
      n -= take;
    }
    return out;
  }

  bit(): boolean {
    return this.read(1) === 1;
  }
}

/** n (1..32) bits at bit position `pos`, as an unsigned number. */
export function readBits(bytes: Uint8Array, len: number, pos: number, n: number): number {
  const i = pos >>> 3;
  const shift = pos & 7;
  let w: number;
  if (i + 4 < len) {
    w = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    if (shift) w = ((w << shift) | (bytes[i + 4] >>> (8 - shift))) >>> 0;
  } else {
    if (pos + n > len * 8) throw new RangeError("chunk truncated");
    w = 0;
    for (let k = 0; k < 5; k++) {
      const b = i + k < len ? bytes[i + k] : 0;
      if (k < 4) w = ((w << 8) | b) >>> 0;
      else if (shift) w = ((w << shift) | (b >>> (8 - shift))) >>> 0;
    }
  }
  return n === 32 ? w : w >>> (32 - n);
}

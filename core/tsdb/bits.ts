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

  /** Write the low `n` bits of `v` (0 <= n <= 32), most significant first. */
  write(v: number, n: number): void {
    this.ensure(n);
    while (n > 0) {
      const idx = this.pos >> 3;
      const free = 8 - (this.pos & 7);
      const take = free < n ? free : n;
      const bits = (v >>> (n - take)) & ((1 << take) - 1);
      this.buf[idx] |= bits << (free - take);
      this.pos += take;
      n -= take;
    }
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

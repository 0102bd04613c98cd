import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BitWriter, readBits } from "./bits";
import { ChunkAppender, decodeChunk } from "./chunk";

/** The plain definition: one bit at a time, most significant first, bits of `v` above `n` ignored. */
class BitByBit extends BitWriter {
  override write(v: number, n: number): void {
    for (let k = n - 1; k >= 0; k--) {
      const bit = k >= 32 ? 0 : Math.floor(v / 2 ** k) % 2;
      if (this.pos >> 3 >= this.buf.length) {
        const next = new Uint8Array(this.buf.length * 2);
        next.set(this.buf);
        this.buf = next;
      }
      if (bit) this.buf[this.pos >> 3] |= 0x80 >> (this.pos & 7);
      this.pos++;
    }
  }
}

/** Writes of 0..32 bits whose value may carry bits above its width (callers pass such values). */
const writesArb = fc.array(fc.tuple(fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 })), { maxLength: 200 });

describe("BitWriter", () => {
  it("writes the same bytes as one bit at a time, from any start position", () => {
    fc.assert(
      fc.property(writesArb, fc.integer({ min: 0, max: 23 }), (writes, start) => {
        const fast = new BitWriter(new Uint8Array(4), start);
        const slow = new BitByBit(new Uint8Array(4), start);
        for (const [v, n] of writes) {
          fast.write(v, n);
          slow.write(v, n);
        }
        expect(fast.pos).toBe(slow.pos);
        expect(fast.bytes()).toEqual(slow.bytes());
        let pos = start;
        for (const [v, n] of writes) {
          if (n > 0) expect(readBits(fast.buf, fast.buf.length, pos, n)).toBe(n === 32 ? v : v % 2 ** n);
          pos += n;
        }
      }),
    );
  });

  it("gives a chunk appender the bytes the bit-at-a-time writer gives it", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 2 ** 36 }), fc.nat(0xffffffff), fc.nat(0xffffffff)), {
          minLength: 1,
          maxLength: 120,
        }),
        (steps) => {
          const fast = new ChunkAppender();
          const slow = new ChunkAppender(new BitByBit(new Uint8Array(32), 16));
          let t = 1_700_000_000_000;
          for (const [dt, hi, lo] of steps) {
            t += dt;
            fast.appendBits(t, hi, lo);
            slow.appendBits(t, hi, lo);
          }
          expect(fast.bytes()).toEqual(slow.bytes());
          expect(fast.view()).toEqual(fast.bytes());
          expect(decodeChunk(fast.view()).timestamps.length).toBe(steps.length);
        },
      ),
    );
  });
});

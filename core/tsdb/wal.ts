// Write-ahead log records for a metrics shard: every accepted sample of one append as (series id, t, value
// bits), so an append costs one row write and head chunks are rewritten only at checkpoints.
const REC = 20;

export interface WalSample {
  id: number;
  t: number;
  hi: number;
  lo: number;
}

export class WalWriter {
  private buf = new Uint8Array(REC * 256);
  private view = new DataView(this.buf.buffer);
  private n = 0;

  add(id: number, t: number, hi: number, lo: number): void {
    if ((this.n + 1) * REC > this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const o = this.n * REC;
    this.view.setUint32(o, id, true);
    this.view.setFloat64(o + 4, t, true);
    this.view.setUint32(o + 12, hi, true);
    this.view.setUint32(o + 16, lo, true);
    this.n++;
  }

  get count(): number {
    return this.n;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.n * REC);
  }
}

export function* walSamples(bytes: Uint8Array): Generator<WalSample> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let o = 0; o + REC <= bytes.byteLength; o += REC) {
    yield {
      id: v.getUint32(o, true),
      t: v.getFloat64(o + 4, true),
      hi: v.getUint32(o + 12, true),
      lo: v.getUint32(o + 16, true),
    };
  }
}

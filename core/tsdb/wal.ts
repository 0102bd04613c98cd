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

/** A checkpoint rewrites every dirty head, so its cost grows with the series written since the last one. It is
 * due once the WAL holds WAL_CHECKPOINT_BYTES and WAL_BYTES_PER_DIRTY_HEAD per dirty head (64 samples: each
 * head rewrite is paid for by 64 logged samples whatever the series count; with a fixed 4 MiB, 25,000 series
 * in a shard meant one head rewrite per 8 samples), and always at WAL_MAX_BYTES, which bounds the replay
 * after a restart (~1.7 M samples). */
export const WAL_CHECKPOINT_BYTES = 4 * 1024 * 1024;
export const WAL_BYTES_PER_DIRTY_HEAD = 64 * REC;
export const WAL_MAX_BYTES = 32 * 1024 * 1024;

export function checkpointDue(walBytes: number, dirtyHeads: number): boolean {
  if (walBytes < WAL_CHECKPOINT_BYTES) return false;
  return walBytes >= WAL_MAX_BYTES || walBytes >= dirtyHeads * WAL_BYTES_PER_DIRTY_HEAD;
}

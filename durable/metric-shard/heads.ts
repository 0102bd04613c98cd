// A shard's open head chunks in memory and their rows. An append extends a series' head (a chunk it seals is
// written at once, in its smallest format) and logs its accepted samples in one WAL row; checkpoints write the
// heads newer than their rows back and clear the WAL. A checkpoint that the WAL's size forces while appends go on
// writes each head as it is held, XOR (`xorHeadRow`): the head is written again at its seal or at the next such
// checkpoint, so re-encoding it each time (chunk-format.ts) was wasted work. A checkpoint at rest (the idle
// alarm, stats, compaction, retention) and an eviction write such rows in their smallest format.
import { BITS_HI, BITS_LO } from "../../core/tsdb/chunk";
import { type AppendOutcome, type Head, appendToHead, headFromRow, headRow, xorHeadRow } from "../../core/tsdb/head";
import { checkpointDue, type WalWriter, walSamples } from "../../core/tsdb/wal";
import { ChunkRows } from "./chunk-rows";
import type { HeadView } from "./reader";
import { toBlob } from "./schema";

/** Heads kept in memory per shard; past it the oldest is written back and dropped. */
const HEAD_CACHE = 50_000;

export class Heads {
  private readonly heads = new Map<number, Head>();
  /** Series whose in-memory head is newer than its chunk row. */
  private readonly dirty = new Set<number>();
  /** Series whose row holds their current head in XOR form (a busy checkpoint's), compacted at rest. */
  private readonly loose = new Set<number>();
  private readonly rows: ChunkRows;
  /** Bytes in the WAL since the last checkpoint. */
  walBytes = 0;

  constructor(private readonly sql: SqlStorage) {
    this.rows = new ChunkRows(sql);
  }

  /** No WAL to checkpoint and no XOR row to compact: the idle alarm has nothing to do. */
  get atRest(): boolean {
    return this.walBytes === 0 && this.loose.size === 0;
  }

  /** A series' head when it is newer than its stored row (reads merge it). */
  readonly view = (id: number): HeadView | undefined => {
    const h = this.dirty.has(id) ? this.heads.get(id) : undefined;
    return h && { minT: h.minT, lastT: h.app.lastT, bytes: () => h.app.bytes() };
  };

  /** A series' head: from memory, else resumed from its newest chunk row. */
  get(id: number): Head | null {
    const cached = this.heads.get(id);
    if (cached) return cached;
    this.rows.flush();
    const row = this.sql
      .exec<{ min_t: number; data: ArrayBuffer }>(
        "SELECT min_t, data FROM chunks WHERE series_id = ? ORDER BY min_t DESC LIMIT 1",
        id,
      )
      .toArray()[0];
    return row ? headFromRow(new Uint8Array(row.data), row.min_t) : null;
  }

  /** Append samples `from`..`to` of the flat arrays to a series' head (core/tsdb/head.ts), accepted ones to `wal`. */
  apply(
    id: number,
    timestamps: ArrayLike<number>,
    bits: Uint32Array,
    from: number,
    to: number,
    wal?: WalWriter,
  ): AppendOutcome {
    const out = appendToHead(this.get(id), timestamps, bits, BITS_HI, BITS_LO, from, to, wal, id);
    if (out.sealed.length > 0) {
      // A sealed chunk's row replaces any XOR row of it; the new head has no row yet.
      for (const r of out.sealed) this.rows.add(id, r.minT, r.maxT, r.count, r.data);
      this.loose.delete(id);
    }
    if (out.head) {
      if (!this.heads.has(id) && this.heads.size >= HEAD_CACHE) this.evictOne();
      this.heads.set(id, out.head);
      if (out.accepted) this.dirty.add(id);
    }
    return out;
  }

  /** Log an append's accepted samples as one WAL row, then checkpoint if the WAL is due (core/tsdb/wal.ts). Ends
   * the append's writes: call last inside its transaction. */
  commit(wal: WalWriter): void {
    if (wal.count) {
      const bytes = wal.bytes();
      this.sql.exec("INSERT INTO wal (data) VALUES (?)", toBlob(bytes));
      this.walBytes += bytes.length;
      if (checkpointDue(this.walBytes, this.dirty.size)) this.checkpoint(false);
    }
    this.rows.flush();
  }

  private evictOne(): void {
    const id = this.heads.keys().next().value as number;
    const h = this.heads.get(id)!;
    if (this.dirty.has(id) || this.loose.has(id)) {
      const r = headRow(h);
      this.rows.add(id, r.minT, r.maxT, r.count, r.data);
      this.dirty.delete(id);
      this.loose.delete(id);
    }
    this.heads.delete(id);
  }

  /** Write every dirty head back to its chunk row and clear the WAL (inside a transaction). `atRest`: rows in
   * their smallest format, including the XOR rows of earlier busy checkpoints; else dirty heads as XOR. */
  checkpoint(atRest = true): void {
    if (atRest) {
      for (const id of this.loose) {
        const h = this.heads.get(id);
        if (!h || this.dirty.has(id)) continue;
        const r = headRow(h);
        this.rows.add(id, r.minT, r.maxT, r.count, r.data);
      }
      this.loose.clear();
    }
    for (const id of this.dirty) {
      const h = this.heads.get(id);
      if (!h) continue;
      const r = atRest ? headRow(h) : xorHeadRow(h);
      this.rows.add(id, r.minT, r.maxT, r.count, r.data);
      if (!atRest) this.loose.add(id);
    }
    this.dirty.clear();
    this.rows.flush();
    this.sql.exec("DELETE FROM wal");
    this.walBytes = 0;
  }

  /** Re-apply samples acknowledged since the last checkpoint (already-persisted ones drop out as duplicates), then
   * checkpoint (inside the constructor's transaction). */
  replay(): void {
    const rows = this.sql.exec<{ data: ArrayBuffer }>("SELECT data FROM wal ORDER BY seq").toArray();
    if (rows.length === 0) return;
    const t = [0];
    const bits = new Uint32Array(2);
    for (const row of rows) {
      for (const s of walSamples(new Uint8Array(row.data))) {
        t[0] = s.t;
        bits[BITS_HI] = s.hi;
        bits[BITS_LO] = s.lo;
        this.apply(s.id, t, bits, 0, 1);
      }
    }
    this.checkpoint();
  }

  /** Drop every head from memory (after a checkpoint: their rows hold them). */
  forget(): void {
    this.heads.clear();
    this.dirty.clear();
    this.loose.clear();
  }
}

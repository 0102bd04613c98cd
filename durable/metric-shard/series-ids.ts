// Series ids of a shard: created with their postings on first sight (up to the series limit), and cached by the
// fingerprint the router sent. A number key spares hashing the long key string on every append, and comparing
// the key keeps a colliding (or wrong) fingerprint from ever yielding another series' id.
import { labelsFromKey, sortedPairs } from "../../core/tsdb/labels";

/** Cached ids per shard; past it the cache starts over. */
const ID_CACHE = 50_000;
/** Postings rows per INSERT: three bound parameters each, under the platform's 100 per statement. */
const POSTINGS_PER_INSERT = 32;

interface IdEntry {
  key: string;
  id: number;
  next?: IdEntry;
}

export class SeriesIds {
  /** Series ids by the low 30 bits of their fingerprint; colliding series chain on `next`. */
  private readonly ids = new Map<number, IdEntry>();
  /** Series rows in the shard. */
  count: number;

  /** `created` is called for each new series (the shard's label index forgets its cached answers). */
  constructor(
    private readonly sql: SqlStorage,
    private readonly created: () => void,
  ) {
    this.count = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM series").one().n;
  }

  /** The id of a series, created (with its postings) if new; null past `limit` series. */
  id(key: string, fp: number, now: number, limit: number): number | null {
    // A 30-bit key is a small integer to V8; a 53-bit one a heap number the Map boxes and hashes per lookup.
    const slot = fp & 0x3fffffff;
    const first = this.ids.get(slot);
    for (let e = first; e !== undefined; e = e.next) if (e.key === key) return e.id;
    const id = this.count < limit ? this.create(key, now) : this.existing(key);
    if (id === null) return null;
    if (this.ids.size >= ID_CACHE) {
      this.ids.clear();
      this.ids.set(slot, { key, id });
    } else this.ids.set(slot, { key, id, next: first });
    return id;
  }

  /** Forget the cache (series were deleted); `count` is the caller's to adjust. */
  forget(): void {
    this.ids.clear();
  }

  private existing(key: string): number | null {
    return this.sql.exec<{ id: number }>("SELECT id FROM series WHERE key = ?", key).toArray()[0]?.id ?? null;
  }

  /** The id of a series, inserted with its postings unless it exists: a new series costs two statements (the
   * series row, then all its postings in one multi-row insert) rather than one per label, and a known one the
   * insert that does nothing plus its lookup. */
  private create(key: string, now: number): number {
    const row = this.sql
      .exec<{ id: number }>(
        "INSERT INTO series (key, created_ms) VALUES (?, ?) ON CONFLICT (key) DO NOTHING RETURNING id",
        key,
        now,
      )
      .toArray()[0];
    if (!row) return this.existing(key)!;
    const pairs = sortedPairs(labelsFromKey(key));
    for (let i = 0; i < pairs.length; i += POSTINGS_PER_INSERT) {
      const part = pairs.slice(i, i + POSTINGS_PER_INSERT);
      const args: (string | number)[] = [];
      for (const [n, v] of part) args.push(n, v, row.id);
      this.sql.exec(
        `INSERT OR IGNORE INTO postings (name, value, series_id) VALUES ${part.map(() => "(?, ?, ?)").join(", ")}`,
        ...args,
      );
    }
    this.count++;
    this.created();
    return row.id;
  }
}

// The shard's SQLite schema. Series ids are per shard; `key` is the canonical label-set string.
export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL)`,
  // The postings index: one row per label pair per series, for matcher lookup.
  `CREATE TABLE IF NOT EXISTS postings (name TEXT NOT NULL, value TEXT NOT NULL, series_id INTEGER NOT NULL, PRIMARY KEY (name, value, series_id)) WITHOUT ROWID`,
  // Gorilla chunks; the newest row per series is the open head chunk, rewritten in place as samples arrive.
  `CREATE TABLE IF NOT EXISTS chunks (series_id INTEGER NOT NULL, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (series_id, min_t)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS chunks_by_max_t ON chunks (max_t)`,
  // Native histogram chunks (core/tsdb/hist-chunk.ts), beside a series' float chunks; the newest row per series is
  // its open histogram chunk, rewritten in the append's transaction (no WAL) and never moved to the cold tier.
  `CREATE TABLE IF NOT EXISTS hist_chunks (series_id INTEGER NOT NULL, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (series_id, min_t)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS hist_chunks_by_max_t ON hist_chunks (max_t)`,
  // Write-ahead log: one row per append with its accepted samples, cleared at each checkpoint.
  `CREATE TABLE IF NOT EXISTS wal (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)`,
  // The cold tier (cold.ts): blocks written to R2, recorded only once their put succeeded.
  `CREATE TABLE IF NOT EXISTS blocks (key TEXT PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, bytes INTEGER NOT NULL, series INTEGER NOT NULL, index_bytes INTEGER NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS blocks_by_max_t ON blocks (max_t)`,
  // Each series' time span in blocks: range checks of the index endpoints and retention of series without rows.
  `CREATE TABLE IF NOT EXISTS cold_series (series_id INTEGER PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS metadata (metric TEXT PRIMARY KEY, type TEXT NOT NULL, help TEXT NOT NULL, unit TEXT NOT NULL)`,
  // Facts about the object itself: `day`, the UTC day a generation (`metrics-<day>-<i>`) holds, from its first append.
  `CREATE TABLE IF NOT EXISTS shard_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID`,
];

/** DO SQLite takes blobs as ArrayBuffer. */
export function toBlob(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

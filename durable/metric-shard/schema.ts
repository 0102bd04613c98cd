// The shard's SQLite schema. Series ids are per shard; `key` is the canonical label-set string.
export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, created_ms INTEGER NOT NULL)`,
  // The postings index: one row per label pair per series, for matcher lookup.
  `CREATE TABLE IF NOT EXISTS postings (name TEXT NOT NULL, value TEXT NOT NULL, series_id INTEGER NOT NULL, PRIMARY KEY (name, value, series_id)) WITHOUT ROWID`,
  // Gorilla chunks; the newest row per series is the open head chunk, rewritten in place as samples arrive.
  `CREATE TABLE IF NOT EXISTS chunks (series_id INTEGER NOT NULL, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (series_id, min_t)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS chunks_by_max_t ON chunks (max_t)`,
  // Native histogram chunks (core/tsdb/hist-chunk.ts), beside a series' float chunks; the newest row per series is
  // its open histogram chunk, rewritten in the append's transaction (no WAL); sealed ones move to the cold tier.
  `CREATE TABLE IF NOT EXISTS hist_chunks (series_id INTEGER NOT NULL, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, count INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (series_id, min_t)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS hist_chunks_by_max_t ON hist_chunks (max_t)`,
  // Write-ahead log: one row per append with its accepted samples, cleared at each checkpoint.
  `CREATE TABLE IF NOT EXISTS wal (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)`,
  // The cold tier (cold.ts): blocks written to R2, recorded only once their put succeeded. `kind`: 0 float chunks,
  // 1 native histogram chunks (docs/BLOCK-FORMAT.md); added to older tables by createSchema.
  `CREATE TABLE IF NOT EXISTS blocks (key TEXT PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL, bytes INTEGER NOT NULL, series INTEGER NOT NULL, index_bytes INTEGER NOT NULL, kind INTEGER NOT NULL DEFAULT 0)`,
  `CREATE INDEX IF NOT EXISTS blocks_by_max_t ON blocks (max_t)`,
  // Each series' time span in blocks: range checks of the index endpoints and retention of series without rows.
  `CREATE TABLE IF NOT EXISTS cold_series (series_id INTEGER PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL)`,
  // The same for histogram blocks only: which series hold histograms in the cold tier (pushdown refuses them).
  `CREATE TABLE IF NOT EXISTS cold_hist_series (series_id INTEGER PRIMARY KEY, min_t INTEGER NOT NULL, max_t INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS metadata (metric TEXT PRIMARY KEY, type TEXT NOT NULL, help TEXT NOT NULL, unit TEXT NOT NULL)`,
  // Facts about the object itself: `day`, the UTC day a generation (`metrics-<day>-<i>`) holds, from its first append.
  `CREATE TABLE IF NOT EXISTS shard_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID`,
];

/** Create what is missing: the tables, and columns later versions added to existing ones. */
export function createSchema(sql: SqlStorage): void {
  for (const stmt of SCHEMA) sql.exec(stmt);
  try {
    sql.exec("SELECT kind FROM blocks LIMIT 0");
  } catch {
    // A shard from before histogram blocks: every block it recorded holds float chunks (the default).
    sql.exec("ALTER TABLE blocks ADD COLUMN kind INTEGER NOT NULL DEFAULT 0");
  }
}

/** DO SQLite takes blobs as ArrayBuffer. */
export function toBlob(bytes: Uint8Array): ArrayBuffer {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? (bytes.buffer as ArrayBuffer)
    : (bytes.slice().buffer as ArrayBuffer);
}

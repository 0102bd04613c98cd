// TraceShard storage. Resources are stored once and referenced (a service emits thousands of spans with
// the same resource); span and resource attributes each have an equality index (key, value -> row).
// TRACE_SCHEMA is version 1 (what the first shards were created with); later versions are forward
// migrations in TRACE_MIGRATIONS, applied once per shard and recorded in trace_meta, so old shards upgrade.

export const TRACE_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS resources (id INTEGER PRIMARY KEY, attrs TEXT NOT NULL UNIQUE, service TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS resource_attrs (resource_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (resource_id, key)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS resource_attrs_kv ON resource_attrs (key, value)`,
  `CREATE TABLE IF NOT EXISTS spans (
     id INTEGER PRIMARY KEY,
     trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_id TEXT NOT NULL,
     resource_id INTEGER NOT NULL, service TEXT NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL,
     start_us INTEGER NOT NULL, dur_us INTEGER NOT NULL, status INTEGER NOT NULL, status_msg TEXT NOT NULL,
     attrs TEXT NOT NULL, events TEXT NOT NULL, links TEXT NOT NULL, scope TEXT NOT NULL)`,
  `CREATE UNIQUE INDEX IF NOT EXISTS spans_trace ON spans (trace_id, span_id)`,
  `CREATE INDEX IF NOT EXISTS spans_start ON spans (start_us)`,
  `CREATE INDEX IF NOT EXISTS spans_service ON spans (service, start_us)`,
  `CREATE INDEX IF NOT EXISTS spans_operation ON spans (service, name, start_us)`,
  `CREATE INDEX IF NOT EXISTS spans_status ON spans (status, start_us)`,
  `CREATE INDEX IF NOT EXISTS spans_duration ON spans (dur_us)`,
  `CREATE TABLE IF NOT EXISTS span_attrs (span_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (span_id, key)) WITHOUT ROWID`,
  `CREATE INDEX IF NOT EXISTS span_attrs_kv ON span_attrs (key, value, span_id)`,
];

/** Migration n (1-based) takes a shard from version n to n + 1. */
export const TRACE_MIGRATIONS: string[][] = [
  [
    // The leaf-error flag kept at ingest: failing_child = 1 when some stored error span names this span as
    // parent. err_children remembers (trace, parent) pairs of error spans even before the parent arrives
    // (exporters often send children first), so a late parent finds its flag with one key lookup.
    `ALTER TABLE spans ADD COLUMN failing_child INTEGER NOT NULL DEFAULT 0`,
    `CREATE TABLE IF NOT EXISTS err_children (trace_id TEXT NOT NULL, parent_id TEXT NOT NULL,
       PRIMARY KEY (trace_id, parent_id)) WITHOUT ROWID`,
    `INSERT OR IGNORE INTO err_children (trace_id, parent_id) SELECT trace_id, parent_id FROM spans WHERE status = 2 AND parent_id != ''`,
    `UPDATE spans SET failing_child = 1 WHERE (trace_id, span_id) IN (SELECT trace_id, parent_id FROM err_children)`,
    // Covering indexes: statistics and time-only search read only the index, never the span rows (whose
    // attribute JSON dominates their size); spans_start and spans_service are their prefixes, so they go.
    `CREATE INDEX IF NOT EXISTS spans_time_cov ON spans (start_us, service, name, status, dur_us, failing_child, resource_id, trace_id)`,
    `CREATE INDEX IF NOT EXISTS spans_service_cov ON spans (service, start_us, status, name, dur_us, failing_child, resource_id, trace_id)`,
    `DROP INDEX IF EXISTS spans_start`,
    `DROP INDEX IF EXISTS spans_service`,
  ],
  [
    // Each span stands for 1 / its sampling probability spans (tracestate ot=th, core/traces/sampling-threshold.ts);
    // weighted = 1 when that probability was known, so figures can say whether they are weighted. Rows from before
    // count once, unweighted, as they did. The covering indexes gain both columns so statistics stay index-only.
    `ALTER TABLE spans ADD COLUMN adjusted_count REAL NOT NULL DEFAULT 1`,
    `ALTER TABLE spans ADD COLUMN weighted INTEGER NOT NULL DEFAULT 0`,
    `DROP INDEX IF EXISTS spans_time_cov`,
    `DROP INDEX IF EXISTS spans_service_cov`,
    `CREATE INDEX spans_time_cov ON spans (start_us, service, name, status, dur_us, failing_child, resource_id, trace_id, adjusted_count, weighted)`,
    `CREATE INDEX spans_service_cov ON spans (service, start_us, status, name, dur_us, failing_child, resource_id, trace_id, adjusted_count, weighted)`,
  ],
  [
    // Exact span counts per minute, service, operation, resource and status, kept at ingest and retention
    // (span-counts.ts), so Trace DDx's totals read a few rows per minute instead of every span of the window.
    // Window-first: a window without a service reads only its minutes. The spans already stored are counted once here.
    `CREATE TABLE IF NOT EXISTS span_minutes (minute INTEGER NOT NULL, service TEXT NOT NULL, name TEXT NOT NULL,
       resource_id INTEGER NOT NULL, status INTEGER NOT NULL, n INTEGER NOT NULL,
       PRIMARY KEY (minute, service, name, resource_id, status)) WITHOUT ROWID`,
    `INSERT INTO span_minutes (minute, service, name, resource_id, status, n)
       SELECT start_us / 60000000, service, name, resource_id, status, COUNT(*) FROM spans GROUP BY 1, 2, 3, 4, 5`,
  ],
  [
    // Trace DDx's sampling walk (sample-query.ts) reads a service's window: this narrow index holds what the walk
    // filters on, including the hash that thins it (SAMPLE_HASH), so it pages through about a third of the bytes
    // of spans_service_cov (whose trace ids dominate) and computes no hash per span.
    `CREATE INDEX IF NOT EXISTS spans_sample ON spans (service, start_us, status, dur_us, ((id * 2654435761) % 1048576))`,
  ],
];

/** The span's sampling hash, spelled exactly as in spans_sample so SQLite reads it from the index. Multiplicative
 * hashing of the row id; its 2^20 values are spread evenly over any run of ids. */
export const SAMPLE_HASH = "((a.id * 2654435761) % 1048576)";
export const SAMPLE_HASH_RANGE = 1_048_576;

export const TRACE_SCHEMA_VERSION = TRACE_MIGRATIONS.length + 1;

/** Creates or upgrades a shard's schema; each migration runs in one transaction with its version bump. */
export function migrateTraceSchema(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  sql.exec("CREATE TABLE IF NOT EXISTS trace_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID");
  const row = sql.exec<{ value: number }>("SELECT value FROM trace_meta WHERE key = 'version'").toArray()[0];
  // Only a version-1 (or new) shard runs the base statements: later versions drop some of its indexes.
  if (!row) for (const stmt of TRACE_SCHEMA) sql.exec(stmt);
  for (let v = row?.value ?? 1; v < TRACE_SCHEMA_VERSION; v++) {
    storage.transactionSync(() => {
      for (const stmt of TRACE_MIGRATIONS[v - 1]) sql.exec(stmt);
      sql.exec("INSERT OR REPLACE INTO trace_meta (key, value) VALUES ('version', ?)", v + 1);
    });
  }
}

/** Attribute values longer than this are stored but not indexed (ids, URLs with query strings, stack traces). */
export const MAX_INDEXED_VALUE = 256;

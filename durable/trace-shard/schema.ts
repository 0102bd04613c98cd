// TraceShard storage. Resources are stored once and referenced (a service emits thousands of spans with
// the same resource); span and resource attributes each have an equality index (key, value -> row).

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

/** Attribute values longer than this are stored but not indexed (ids, URLs with query strings, stack traces). */
export const MAX_INDEXED_VALUE = 256;

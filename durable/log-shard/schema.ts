// LogShard storage: one shard holds one day of logs for the services hashing to it. Bodies are indexed
// with FTS5 (external content: the text lives once, in `logs`).
export const LOG_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS log_resources (id INTEGER PRIMARY KEY, attrs TEXT NOT NULL UNIQUE)`,
  `CREATE TABLE IF NOT EXISTS logs (
     id INTEGER PRIMARY KEY, ts_us INTEGER NOT NULL, observed_us INTEGER NOT NULL, service TEXT NOT NULL,
     severity INTEGER NOT NULL, severity_text TEXT NOT NULL, body TEXT NOT NULL, trace_id TEXT NOT NULL,
     span_id TEXT NOT NULL, attrs TEXT NOT NULL, resource_id INTEGER NOT NULL, scope TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS logs_ts ON logs (ts_us)`,
  `CREATE INDEX IF NOT EXISTS logs_service ON logs (service, ts_us)`,
  `CREATE INDEX IF NOT EXISTS logs_severity ON logs (severity, ts_us)`,
  `CREATE INDEX IF NOT EXISTS logs_trace ON logs (trace_id) WHERE trace_id != ''`,
  `CREATE VIRTUAL TABLE IF NOT EXISTS logs_fts USING fts5(body, content='logs', content_rowid='id')`,
  `CREATE TABLE IF NOT EXISTS log_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
];

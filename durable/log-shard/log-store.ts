// Writing log rows (with their FTS entry) and reading them back as API lines.
import { attrToString, type Attributes } from "../../core/otlp/traces/otlp-values";
import { severityLevelOf, type LogRecordRow } from "../../core/otlp/logs/types";
import type { LogLine } from "../../core/logs/contracts";

export function insertLogs(sql: SqlStorage, resourceIds: Map<string, number>, logs: readonly LogRecordRow[]): number {
  for (const l of logs) {
    const json = JSON.stringify(l.resource);
    let rid = resourceIds.get(json);
    if (rid === undefined) {
      rid = (
        sql.exec<{ id: number }>("SELECT id FROM log_resources WHERE attrs = ?", json).toArray()[0] ??
        sql.exec<{ id: number }>("INSERT INTO log_resources (attrs) VALUES (?) RETURNING id", json).one()
      ).id;
      if (resourceIds.size > 5000) resourceIds.clear();
      resourceIds.set(json, rid);
    }
    const body = attrToString(l.body);
    const { id } = sql
      .exec<{ id: number }>(
        `INSERT INTO logs (ts_us, observed_us, service, severity, severity_text, body, trace_id, span_id, attrs, resource_id, scope)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        l.timeUs,
        l.observedUs,
        l.service,
        l.severityNumber,
        l.severityText,
        body,
        l.traceId,
        l.spanId,
        JSON.stringify(l.attributes),
        rid,
        l.scopeName,
      )
      .one();
    sql.exec("INSERT INTO logs_fts (rowid, body) VALUES (?, ?)", id, body);
  }
  return logs.length;
}

export interface LogRow {
  id: number;
  ts_us: number;
  observed_us: number;
  service: string;
  severity: number;
  severity_text: string;
  body: string;
  trace_id: string;
  span_id: string;
  attrs: string;
  rattrs: string;
  scope: string;
}

export function rowToLine(shard: string, r: LogRow): LogLine {
  return {
    id: `${shard}:${r.id}`,
    timeUs: r.ts_us,
    observedUs: r.observed_us,
    service: r.service,
    severityNumber: r.severity,
    severityText: r.severity_text,
    level: severityLevelOf(r.severity),
    body: r.body,
    traceId: r.trace_id,
    spanId: r.span_id,
    attributes: JSON.parse(r.attrs) as Attributes,
    resource: JSON.parse(r.rattrs) as Attributes,
    scope: r.scope,
    traceLink: r.trace_id ? `/api/traces/${r.trace_id}` : null,
  };
}

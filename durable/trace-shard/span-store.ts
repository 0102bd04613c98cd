// Writing and reading span rows. A per-instance resource cache avoids re-reading resource JSON.
import { attrToString, type Attributes } from "../../core/otlp/traces/otlp-values";
import type { SpanRecord } from "../../core/otlp/traces/types";
import { spanWeight } from "../../core/traces/sampling-threshold";
import { MAX_INDEXED_VALUE } from "./schema";
import { MinuteCounts } from "./span-counts";

export class ResourceCache {
  private byJson = new Map<string, number>();
  private byId = new Map<number, Attributes>();
  constructor(private readonly sql: SqlStorage) {}

  idFor(resource: Attributes, service: string): number {
    const json = JSON.stringify(resource);
    const hit = this.byJson.get(json);
    if (hit !== undefined) return hit;
    let row = this.sql.exec<{ id: number }>("SELECT id FROM resources WHERE attrs = ?", json).toArray()[0];
    if (!row) {
      row = this.sql
        .exec<{ id: number }>("INSERT INTO resources (attrs, service) VALUES (?, ?) RETURNING id", json, service)
        .one();
      for (const [k, v] of Object.entries(resource)) {
        const s = attrToString(v);
        if (s.length <= MAX_INDEXED_VALUE)
          this.sql.exec(
            "INSERT OR REPLACE INTO resource_attrs (resource_id, key, value) VALUES (?, ?, ?)",
            row.id,
            k,
            s,
          );
      }
    }
    this.remember(json, row.id, resource);
    return row.id;
  }

  attrs(id: number): Attributes {
    const hit = this.byId.get(id);
    if (hit) return hit;
    const row = this.sql.exec<{ attrs: string }>("SELECT attrs FROM resources WHERE id = ?", id).toArray()[0];
    const attrs = row ? (JSON.parse(row.attrs) as Attributes) : {};
    if (row) this.remember(row.attrs, id, attrs);
    return attrs;
  }

  private remember(json: string, id: number, attrs: Attributes): void {
    if (this.byJson.size > 10_000) {
      this.byJson.clear();
      this.byId.clear();
    }
    this.byJson.set(json, id);
    this.byId.set(id, attrs);
  }

  clear(): void {
    this.byJson.clear();
    this.byId.clear();
  }
}

const ATTR_ROWS_PER_INSERT = 33;
const INSERT_SPAN = `INSERT OR IGNORE INTO spans (trace_id, span_id, parent_id, resource_id, service, name, kind, start_us, dur_us, status, status_msg, attrs, events, links, scope, adjusted_count, weighted, failing_child)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, EXISTS (SELECT 1 FROM err_children WHERE trace_id = ? AND parent_id = ?)) RETURNING id`;

/** Inserts spans; a span already stored (same trace and span id, e.g. an exporter retry) is skipped.
 * Keeps the leaf-error flag: a new span is flagged if an error child came first, and a new error span
 * flags its parent if the parent came first (a trace lives in one shard, so both cases are local). */
export function insertSpans(sql: SqlStorage, resources: ResourceCache, spans: readonly SpanRecord[]): number {
  let inserted = 0;
  const counts = new MinuteCounts();
  for (const s of spans) {
    const rid = resources.idFor(s.resource, s.service);
    const weight = spanWeight(s.traceState);
    const row = sql
      .exec<{ id: number }>(
        INSERT_SPAN,
        s.traceId,
        s.spanId,
        s.parentSpanId,
        rid,
        s.service,
        s.name,
        s.kind,
        s.startUs,
        s.endUs - s.startUs,
        s.statusCode,
        s.statusMessage,
        JSON.stringify(s.attributes),
        s.events.length ? JSON.stringify(s.events) : "[]",
        s.links.length ? JSON.stringify(s.links) : "[]",
        s.scopeVersion ? `${s.scopeName}@${s.scopeVersion}` : s.scopeName,
        weight.adjustedCount,
        weight.weighted ? 1 : 0,
        s.traceId,
        s.spanId,
      )
      .toArray()[0];
    if (!row) continue;
    inserted++;
    counts.add(s.startUs, s.service, s.name, rid, s.statusCode);
    if (s.statusCode === 2 && s.parentSpanId) {
      sql.exec("INSERT OR IGNORE INTO err_children (trace_id, parent_id) VALUES (?, ?)", s.traceId, s.parentSpanId);
      sql.exec(
        "UPDATE spans SET failing_child = 1 WHERE trace_id = ? AND span_id = ? AND failing_child = 0",
        s.traceId,
        s.parentSpanId,
      );
    }
    // One multi-row statement per span: each exec crosses into SQLite, so fewer calls ingest faster.
    const params: (string | number)[] = [];
    for (const [k, v] of Object.entries(s.attributes)) {
      const str = attrToString(v);
      if (str.length <= MAX_INDEXED_VALUE) params.push(row.id, k, str);
    }
    // Chunks stay under the platform's 100 bound parameters per statement.
    for (let i = 0; i < params.length; i += ATTR_ROWS_PER_INSERT * 3) {
      const chunk = params.slice(i, i + ATTR_ROWS_PER_INSERT * 3);
      sql.exec(
        `INSERT OR REPLACE INTO span_attrs (span_id, key, value) VALUES ${Array(chunk.length / 3)
          .fill("(?, ?, ?)")
          .join(", ")}`,
        ...chunk,
      );
    }
  }
  counts.flush(sql);
  return inserted;
}

export interface SpanRow {
  id: number;
  trace_id: string;
  span_id: string;
  parent_id: string;
  resource_id: number;
  service: string;
  name: string;
  kind: number;
  start_us: number;
  dur_us: number;
  status: number;
  status_msg: string;
  attrs: string;
  events: string;
  links: string;
  scope: string;
}

export function rowToSpan(r: SpanRow, resources: ResourceCache): SpanRecord {
  const at = r.scope.lastIndexOf("@");
  return {
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: r.parent_id,
    name: r.name,
    kind: r.kind,
    startUs: r.start_us,
    endUs: r.start_us + r.dur_us,
    statusCode: r.status,
    statusMessage: r.status_msg,
    service: r.service,
    resource: resources.attrs(r.resource_id),
    attributes: JSON.parse(r.attrs),
    scopeName: at > 0 ? r.scope.slice(0, at) : r.scope,
    scopeVersion: at > 0 ? r.scope.slice(at + 1) : "",
    events: JSON.parse(r.events),
    links: JSON.parse(r.links),
  };
}

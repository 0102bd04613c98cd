// SQL WHERE clause for a SpanFilter over `spans` aliased as `a`. Regex matchers are resolved to value
// lists first (SQLite in Durable Objects has no REGEXP), bounded by MAX_DISTINCT_VALUES.
import { compileMatcherRegex, matches, type AttrMatcher } from "../../core/scope/trace-scope";
import type { SpanFilter } from "../../core/traces/contracts";
import { ApiError } from "../../core/contracts/errors";

export const MAX_DISTINCT_VALUES = 20_000;

export interface Where {
  sql: string;
  params: (string | number)[];
}

function inList(n: number): string {
  return Array.from({ length: n }, () => "?").join(",");
}

export interface WhereOptions {
  /** Leave out the time range (a caller that bounds time its own way, e.g. by minute). */
  time?: boolean;
  /** Match attributes on the resource only (for tables of resource ids, valid where no span carries the key). */
  resourceOnly?: boolean;
}

function hasValueIn(a: string, key: string, values: string[], w: Where, o: WhereOptions): string {
  if (!values.length) return "0";
  const onResource = `${a}.resource_id IN (SELECT resource_id FROM resource_attrs WHERE key = ? AND value IN (${inList(values.length)}))`;
  if (o.resourceOnly) {
    w.params.push(key, ...values);
    return `(${onResource})`;
  }
  w.params.push(key, ...values, key, ...values);
  return `(${onResource}
    OR ${a}.id IN (SELECT span_id FROM span_attrs WHERE key = ? AND value IN (${inList(values.length)})))`;
}

function distinctValues(sql: SqlStorage, key: string): string[] {
  const out = new Set<string>();
  for (const table of ["resource_attrs", "span_attrs"]) {
    const rows = sql
      .exec<{ value: string }>(
        `SELECT DISTINCT value FROM ${table} WHERE key = ? LIMIT ${MAX_DISTINCT_VALUES + 1}`,
        key,
      )
      .toArray();
    if (rows.length > MAX_DISTINCT_VALUES) {
      throw new ApiError(
        "LIMIT_EXCEEDED",
        `attribute '${key}' has more than ${MAX_DISTINCT_VALUES} distinct values; use = instead of a regex`,
      );
    }
    for (const r of rows) out.add(r.value);
  }
  return [...out];
}

function matcherSql(sql: SqlStorage, a: string, m: AttrMatcher, w: Where, o: WhereOptions): string {
  if (m.op === "=" && m.value !== "") return hasValueIn(a, m.key, [m.value], w, o);
  if (m.op === "!=" && m.value !== "") return `NOT ${hasValueIn(a, m.key, [m.value], w, o)}`;
  // Regexes, and comparisons with "" (which absent attributes satisfy): enumerate the key's values.
  const re = m.op === "=~" || m.op === "!~" ? compileMatcherRegex(m.value) : undefined;
  const all = distinctValues(sql, m.key);
  const yes = all.filter((v) => matches(m, v, re));
  if (matches(m, undefined, re))
    return `NOT ${hasValueIn(
      a,
      m.key,
      all.filter((v) => !yes.includes(v)),
      w,
      o,
    )}`;
  return hasValueIn(a, m.key, yes, w, o);
}

export function spanWhere(sql: SqlStorage, f: SpanFilter, a = "a", o: WhereOptions = {}): Where {
  const w: Where = { sql: "", params: [] };
  const parts: string[] = [];
  if (o.time !== false) {
    parts.push(`${a}.start_us >= ?`, `${a}.start_us < ?`);
    w.params.push(f.startUs, f.endUs);
  }
  if (f.service) {
    parts.push(`${a}.service = ?`);
    w.params.push(f.service);
  }
  if (f.operation) {
    parts.push(`${a}.name = ?`);
    w.params.push(f.operation);
  }
  if (f.status === "error") parts.push(`${a}.status = 2`);
  if (f.status === "ok") parts.push(`${a}.status != 2`);
  if (f.minDurationUs !== undefined) {
    parts.push(`${a}.dur_us >= ?`);
    w.params.push(f.minDurationUs);
  }
  if (f.maxDurationUs !== undefined) {
    parts.push(`${a}.dur_us <= ?`);
    w.params.push(f.maxDurationUs);
  }
  for (const m of f.matchers) {
    // The service column is the indexed copy of resource service.name.
    if (m.key === "service.name" && m.op === "=") {
      parts.push(`${a}.service = ?`);
      w.params.push(m.value);
      continue;
    }
    // Params must follow textual order: build the fragment with its own list, then append.
    const sub: Where = { sql: "", params: [] };
    parts.push(matcherSql(sql, a, m, sub, o));
    w.params.push(...sub.params);
  }
  w.sql = parts.length ? parts.join(" AND ") : "1";
  return w;
}

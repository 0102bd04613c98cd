// SQL for a LogFilter over `logs` aliased `l` joined to `log_resources` aliased `r`. Equality matchers
// run in SQL (json_extract); regex and != matchers are checked in JS on the rows SQL returns.
import { compileMatcherRegex, matches, type AttrMatcher } from "../../core/scope/trace-scope";
import type { LogFilter } from "../../core/logs/contracts";

export interface LogWhere {
  sql: string;
  params: (string | number)[];
  /** Matchers SQL could not apply; null when every row SQL returns already matches. */
  post: ((row: { attrs: string; rattrs: string; service: string }) => boolean) | null;
}

export function jsonPath(key: string): string {
  return `$."${key.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** FTS5 query for "contains": the text as one phrase (quotes doubled); null if it has no word characters. */
export function ftsPhrase(text: string): string | null {
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return `"${text.replace(/"/g, '""')}"`;
}

function valueOf(
  row: { attrs: string; rattrs: string; service: string },
  key: string,
  cache: { a?: Record<string, unknown>; r?: Record<string, unknown> },
): string | undefined {
  if (key === "service.name") return row.service;
  cache.a ??= JSON.parse(row.attrs) as Record<string, unknown>;
  cache.r ??= JSON.parse(row.rattrs) as Record<string, unknown>;
  const v = cache.a[key] ?? cache.r[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
}

export function logWhere(f: LogFilter): LogWhere {
  const parts = ["l.ts_us >= ?", "l.ts_us < ?"];
  const params: (string | number)[] = [f.startUs, f.endUs];
  if (f.service) {
    parts.push("l.service = ?");
    params.push(f.service);
  }
  if (f.minSeverity) {
    parts.push("l.severity >= ?");
    params.push(f.minSeverity);
  }
  if (f.traceId) {
    parts.push("l.trace_id = ?");
    params.push(f.traceId);
  }
  if (f.spanId) {
    parts.push("l.span_id = ?");
    params.push(f.spanId);
  }
  if (f.text) {
    const phrase = ftsPhrase(f.text);
    if (phrase) {
      parts.push("l.id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?)");
      params.push(phrase);
    }
    // The phrase narrows by words; LIKE keeps the "contains" meaning exact (ASCII case-insensitive).
    parts.push("l.body LIKE ? ESCAPE '\\'");
    params.push(`%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const rest: AttrMatcher[] = [];
  for (const m of f.matchers) {
    if (m.op === "=" && m.value !== "") {
      if (m.key === "service.name") {
        parts.push("l.service = ?");
        params.push(m.value);
        continue;
      }
      parts.push("CAST(COALESCE(json_extract(l.attrs, ?), json_extract(r.attrs, ?)) AS TEXT) = ?");
      params.push(jsonPath(m.key), jsonPath(m.key), m.value);
    } else rest.push(m);
  }
  const compiled = rest.map((m) => ({
    m,
    re: m.op === "=~" || m.op === "!~" ? compileMatcherRegex(m.value) : undefined,
  }));
  const post = compiled.length
    ? (row: { attrs: string; rattrs: string; service: string }) => {
        const cache = {};
        return compiled.every(({ m, re }) => matches(m, valueOf(row, m.key, cache), re));
      }
    : null;
  return { sql: parts.join(" AND "), params, post };
}

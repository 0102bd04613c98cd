// Trace search inside one shard: newest matching spans (bounded, and only as many as the page needs),
// grouped per trace, then summaries.
import type { SearchRequest, TraceSummary } from "../../core/traces/contracts";
import { compareSummaries, isAfterCursor, summarizeTrace, type SummarySpan } from "../../core/traces/trace-summary";
import { MAX_SCAN_ROWS, MAX_TRACE_SPANS } from "./limits";
import { spanWhere } from "./span-where";
import type { ShardSearchResult } from "../../platform/traces/shard-rpc";

export function searchTraces(sql: SqlStorage, q: SearchRequest): ShardSearchResult {
  const w = spanWhere(sql, q);
  const matchedAt = new Map<string, number>();
  let scanned = 0;
  const cur = sql.exec<{ trace_id: string; start_us: number }>(
    `SELECT a.trace_id, a.start_us FROM spans a WHERE ${w.sql} ORDER BY a.start_us DESC LIMIT ${MAX_SCAN_ROWS + 1}`,
    ...w.params,
  );
  // Rows come newest first, so a trace's first row is its match time. Once `limit` traces past the cursor
  // are known, a row older than the last of them cannot enter the page: stop reading there (ties on the
  // same microsecond still read, since the trace id breaks them).
  const eligible: number[] = [];
  for (const r of cur) {
    if (++scanned > MAX_SCAN_ROWS) break;
    if (eligible.length >= q.limit && r.start_us < eligible[q.limit - 1]) {
      scanned--;
      break;
    }
    if (matchedAt.has(r.trace_id)) continue;
    matchedAt.set(r.trace_id, r.start_us);
    if (isAfterCursor({ traceId: r.trace_id, matchedAtUs: r.start_us }, q.cursor)) eligible.push(r.start_us);
  }
  const page = [...matchedAt]
    .map(([traceId, t]) => ({ traceId, matchedAtUs: t }))
    .filter((s) => isAfterCursor(s, q.cursor))
    .sort(compareSummaries)
    .slice(0, q.limit);
  const traces: TraceSummary[] = [];
  for (const p of page) {
    const spans = sql
      .exec<{ parent_id: string; service: string; name: string; start_us: number; dur_us: number; status: number }>(
        `SELECT parent_id, service, name, start_us, dur_us, status FROM spans WHERE trace_id = ? LIMIT ${MAX_TRACE_SPANS}`,
        p.traceId,
      )
      .toArray()
      .map<SummarySpan>((r) => ({
        traceId: p.traceId,
        parentSpanId: r.parent_id,
        service: r.service,
        name: r.name,
        startUs: r.start_us,
        durationUs: r.dur_us,
        statusCode: r.status,
      }));
    traces.push(summarizeTrace(p.traceId, spans, p.matchedAtUs));
  }
  return { traces, scanned: Math.min(scanned, MAX_SCAN_ROWS), truncated: scanned > MAX_SCAN_ROWS };
}

// Service-graph raw figures inside one shard: caller -> callee edges from parent/child spans in different
// services (a trace lives in one shard, so the join is local), external edges from client spans
// without a server child (by peer.service / server.address / net.peer.name), and per-service RED figures.
// Each query groups in SQL by (key, quantized duration) so little crosses into JS; counts sum each span's
// adjusted count (1 / its sampling probability, 1 when unknown).
import type { SpanFilter } from "../../core/traces/contracts";
import { addSpans, newAcc, type StatsAcc } from "../../core/traces/span-stats";
import { MAX_SCAN_ROWS } from "./limits";
import { spanWhere } from "./span-where";
import { quantizedDurationSql } from "./stats-query";
import type { EdgeAcc, ShardGraphResult } from "../../platform/traces/shard-rpc";

const PEER_SQL = `COALESCE(
  (SELECT value FROM span_attrs WHERE span_id = a.id AND key = 'peer.service'),
  (SELECT value FROM span_attrs WHERE span_id = a.id AND key = 'server.address'),
  (SELECT value FROM span_attrs WHERE span_id = a.id AND key = 'net.peer.name'))`;

/** Each call or request counts its span's adjusted count (the server side's, for an internal edge). */
const WEIGHT = "a.adjusted_count AS w, a.weighted";

type Row = { k1: string; k2: string; d: number; stored: number; n: number; errors: number; weighted: number };

export function serviceGraph(sql: SqlStorage, f: SpanFilter): ShardGraphResult {
  const w = spanWhere(sql, f);
  const edges = new Map<string, EdgeAcc>();
  const nodes = new Map<string, StatsAcc>();
  let scanned = 0;
  let truncated = false;
  const run = (inner: string, each: (r: Row) => void) => {
    const rows = sql.exec<Row>(
      `SELECT k1, k2, d, COUNT(*) AS stored, SUM(w) AS n, SUM(err * w) AS errors, SUM(weighted) AS weighted
       FROM (${inner} LIMIT ${MAX_SCAN_ROWS + 1}) GROUP BY k1, k2, d`,
      ...w.params,
    );
    let n = 0;
    for (const r of rows) {
      n += r.stored;
      each(r);
    }
    scanned += Math.min(n, MAX_SCAN_ROWS);
    truncated ||= n > MAX_SCAN_ROWS;
  };
  const edge = (caller: string, callee: string, external: boolean) => {
    const k = `${caller}\u0000${callee}`;
    let e = edges.get(k);
    if (!e) edges.set(k, (e = { caller, callee, external, acc: newAcc() }));
    return e.acc;
  };
  // Internal edges: the child is the server side; the client's duration is what the caller saw.
  run(
    `SELECT p.service AS k1, a.service AS k2, ${quantizedDurationSql("(CASE WHEN p.kind = 3 THEN p.dur_us ELSE a.dur_us END)")} AS d,
        (a.status = 2 OR (p.kind = 3 AND p.status = 2)) AS err, ${WEIGHT}
     FROM spans a JOIN spans p INDEXED BY spans_trace ON p.trace_id = a.trace_id AND p.span_id = a.parent_id
     WHERE ${w.sql} AND a.kind IN (2, 5) AND p.service != a.service`,
    (r) => addSpans(edge(r.k1, r.k2, false), r.d, r.n, r.errors, 0, r.weighted),
  );
  run(
    `SELECT a.service AS k1, ${PEER_SQL} AS k2, ${quantizedDurationSql("a.dur_us")} AS d, a.status = 2 AS err, ${WEIGHT}
     FROM spans a WHERE ${w.sql} AND a.kind = 3
       AND NOT EXISTS (SELECT 1 FROM spans c INDEXED BY spans_trace WHERE c.trace_id = a.trace_id AND c.parent_id = a.span_id AND c.kind IN (2, 5))`,
    (r) => {
      if (r.k2) addSpans(edge(r.k1, r.k2, true), r.d, r.n, r.errors, 0, r.weighted);
    },
  );
  // Node figures: what a service served (server/consumer spans, or roots for uninstrumented entry points).
  run(
    `SELECT a.service AS k1, '' AS k2, ${quantizedDurationSql("a.dur_us")} AS d, a.status = 2 AS err, ${WEIGHT}
     FROM spans a WHERE ${w.sql} AND (a.kind IN (2, 5) OR a.parent_id = '')`,
    (r) => {
      let acc = nodes.get(r.k1);
      if (!acc) nodes.set(r.k1, (acc = newAcc()));
      addSpans(acc, r.d, r.n, r.errors, 0, r.weighted);
    },
  );
  return {
    edges: [...edges.values()],
    nodes: [...nodes].map(([service, acc]) => ({ service, acc })),
    scanned,
    truncated,
  };
}

// Span statistics inside one shard: one pass over matching spans, grouped by up to three keys, with
// the leaf-error test (error span without a failing child) read from the failing_child flag. Counts are sums
// of each span's adjusted count (1 / its sampling probability), so they estimate requests.
import type { StatsRequest } from "../../core/traces/contracts";
import { addSpans, newAcc, type StatsGroup } from "../../core/traces/span-stats";
import { MAX_SCAN_ROWS } from "./limits";
import { spanWhere } from "./span-where";
import type { ShardStatsResult } from "../../platform/traces/shard-rpc";

const COLUMN_KEYS: Record<string, string> = {
  service: "a.service",
  "service.name": "a.service",
  operation: "a.name",
  name: "a.name",
  "span.name": "a.name",
  kind: "a.kind",
  status: "CASE a.status WHEN 2 THEN 'error' WHEN 1 THEN 'ok' ELSE 'unset' END",
};

export function groupExpr(key: string, params: (string | number)[]): string {
  const col = COLUMN_KEYS[key];
  if (col) return col;
  params.push(key, key);
  return `COALESCE((SELECT value FROM span_attrs WHERE span_id = a.id AND key = ?),
    (SELECT value FROM resource_attrs WHERE resource_id = a.resource_id AND key = ?), '')`;
}

/** failing_child is maintained at ingest (span-store.ts), so no self-join per error span. */
export const LEAF_ERROR_SQL = `(a.status = 2 AND a.failing_child = 0)`;

/** Duration rounded down to its 7 leading bits (< 0.8% relative error) using shifts only, so SQLite can
 * GROUP BY it: the shard then returns one row per (group, duration step) instead of one per span. */
export function quantizedDurationSql(col: string): string {
  const branches = ["WHEN " + col + " < 128 THEN " + col];
  for (let k = 8; k <= 46; k++) branches.push(`WHEN ${col} < ${2 ** k} THEN (${col} >> ${k - 7}) << ${k - 7}`);
  return `CASE ${branches.join(" ")} ELSE ${col} END`;
}

export function spanStats(sql: SqlStorage, q: StatsRequest): ShardStatsResult {
  const selParams: (string | number)[] = [];
  const cols = q.groupBy.map((k, i) => `${groupExpr(k, selParams)} AS g${i}`);
  const w = spanWhere(sql, q);
  const gcols = q.groupBy.map((_, i) => `g${i}`);
  // The inner LIMIT caps the rows SQLite reads; the GROUP BY keeps what crosses into JS small.
  const cur = sql.exec<Record<string, string | number>>(
    `SELECT ${[...gcols, "d"].join(", ")}, COUNT(*) AS stored, SUM(w) AS n, SUM((status = 2) * w) AS errors,
       SUM(leaf * w) AS leaves, SUM(weighted) AS weighted FROM (
       SELECT ${quantizedDurationSql("a.dur_us")} AS d, a.status, ${LEAF_ERROR_SQL} AS leaf, a.adjusted_count AS w,
         a.weighted${cols.length ? ", " + cols.join(", ") : ""}
       FROM spans a WHERE ${w.sql} LIMIT ${MAX_SCAN_ROWS + 1})
     GROUP BY ${[...gcols, "d"].join(", ")}`,
    ...selParams,
    ...w.params,
  );
  const groups = new Map<string, StatsGroup>();
  let scanned = 0;
  for (const r of cur) {
    const key = q.groupBy.map((_, i) => String(r[`g${i}`] ?? ""));
    const k = key.join("\u0000");
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, acc: newAcc() }));
    addSpans(g.acc, Number(r.d), Number(r.n), Number(r.errors), Number(r.leaves), Number(r.weighted));
    scanned += Number(r.stored);
  }
  return {
    groups: [...groups.values()],
    scanned: Math.min(scanned, MAX_SCAN_ROWS),
    truncated: scanned > MAX_SCAN_ROWS,
  };
}

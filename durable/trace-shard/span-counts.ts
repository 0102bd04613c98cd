// Exact span counts per minute (table span_minutes, migration 4): kept at ingest and retention, read by Trace DDx
// for its totals. A window's whole minutes come from the counts and its ragged edges from the spans, so the
// answer equals a COUNT over the spans; filters the counts cannot express (duration, span attributes) count spans.
import type { SpanFilter } from "../../core/traces/contracts";
import { spanWhere, type Where } from "./span-where";

const MINUTE_US = 60_000_000;
/** Rows per upsert: 6 parameters each, under the platform's 100 bound parameters per statement. */
const ROWS_PER_UPSERT = 16;
const UPSERT = "ON CONFLICT (minute, service, name, resource_id, status) DO UPDATE SET n = n + excluded.n";

/** Counts of one ingest batch, written once per distinct bucket. */
export class MinuteCounts {
  private readonly buckets = new Map<string, [number, string, string, number, number, number]>();

  add(startUs: number, service: string, name: string, resourceId: number, status: number): void {
    const minute = Math.floor(startUs / MINUTE_US);
    const key = `${minute}\u0000${service}\u0000${name}\u0000${resourceId}\u0000${status}`;
    const b = this.buckets.get(key);
    if (b) b[5]++;
    else this.buckets.set(key, [minute, service, name, resourceId, status, 1]);
  }

  flush(sql: SqlStorage): void {
    const rows = [...this.buckets.values()];
    this.buckets.clear();
    for (let i = 0; i < rows.length; i += ROWS_PER_UPSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_UPSERT);
      sql.exec(
        `INSERT INTO span_minutes (minute, service, name, resource_id, status, n)
         VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")} ${UPSERT}`,
        ...chunk.flat(),
      );
    }
  }
}

/** Takes spans about to be deleted (by row id) out of the counts; call before deleting them. */
export function forgetCounts(sql: SqlStorage, ids: number[]): void {
  if (!ids.length) return;
  const marks = ids.map(() => "?").join(",");
  const span = sql
    .exec<{ lo: number | null; hi: number | null }>(
      `SELECT MIN(start_us) / ${MINUTE_US} AS lo, MAX(start_us) / ${MINUTE_US} AS hi FROM spans WHERE id IN (${marks})`,
      ...ids,
    )
    .one();
  if (span.lo === null || span.hi === null) return;
  sql.exec(
    `INSERT INTO span_minutes (minute, service, name, resource_id, status, n)
     SELECT start_us / ${MINUTE_US}, service, name, resource_id, status, -COUNT(*) FROM spans
     WHERE id IN (${marks}) GROUP BY 1, 2, 3, 4, 5 ${UPSERT}`,
    ...ids,
  );
  sql.exec("DELETE FROM span_minutes WHERE minute >= ? AND minute <= ? AND n <= 0", span.lo, span.hi);
}

/** Whether the counts can answer this filter exactly: they know status but no duration, and attributes only
 * through the resource, which is exact for a key that no stored span carries as its own attribute. */
function countable(
  sql: SqlStorage,
  f: SpanFilter,
  parts: readonly { minDurationUs?: number; maxDurationUs?: number }[],
) {
  if (f.minDurationUs !== undefined || f.maxDurationUs !== undefined) return false;
  if (parts.some((p) => p.minDurationUs !== undefined || p.maxDurationUs !== undefined)) return false;
  return f.matchers.every(
    (m) =>
      (m.key === "service.name" && m.op === "=") ||
      !sql.exec("SELECT 1 FROM span_attrs WHERE key = ? LIMIT 1", m.key).toArray().length,
  );
}

/** Each part's exact number of spans matching `f` (its time range, and `rest`: the rest of it as built by
 * spanWhere without time) and the part's own condition on the span's status or duration. */
export function countParts(
  sql: SqlStorage,
  f: SpanFilter,
  rest: Where,
  parts: readonly { minDurationUs?: number; maxDurationUs?: number }[],
  conds: readonly Where[],
): number[] {
  const scan = (startUs: number, endUs: number) =>
    countRows(
      sql,
      "spans",
      "COUNT(*)",
      { sql: `a.start_us >= ? AND a.start_us < ? AND ${rest.sql}`, params: [startUs, endUs, ...rest.params] },
      conds,
    );
  const first = Math.ceil(f.startUs / MINUTE_US);
  const last = Math.floor(f.endUs / MINUTE_US);
  if (first >= last || !countable(sql, f, parts)) return scan(f.startUs, f.endUs);
  const byResource = spanWhere(sql, f, "a", { time: false, resourceOnly: true });
  const totals = countRows(
    sql,
    "span_minutes",
    "SUM(a.n)",
    { sql: `a.minute >= ? AND a.minute < ? AND ${byResource.sql}`, params: [first, last, ...byResource.params] },
    conds,
  );
  const edges = [
    [f.startUs, first * MINUTE_US],
    [last * MINUTE_US, f.endUs],
  ].filter(([a, b]) => b > a);
  for (const [a, b] of edges) scan(a, b).forEach((n, i) => (totals[i] += n));
  return totals;
}

/** One pass over `table` (aliased a) counting each part; the OR of the parts in WHERE keeps an index on status
 * usable for one part. COUNT(*) FILTER costs SQLite about 3/4 of TOTAL(condition); a lone part's condition is the WHERE. */
function countRows(sql: SqlStorage, table: string, agg: string, where: Where, conds: readonly Where[]): number[] {
  const one = conds.length === 1;
  const counted = one ? [`${agg} AS n0`] : conds.map((c, i) => `${agg} FILTER (WHERE ${c.sql}) AS n${i}`);
  const row = sql
    .exec<Record<string, number | null>>(
      `SELECT ${counted.join(", ")} FROM ${table} a WHERE ${where.sql} AND (${conds.map((c) => c.sql).join(" OR ")})`,
      ...(one ? [] : conds.flatMap((c) => c.params)),
      ...where.params,
      ...conds.flatMap((c) => c.params),
    )
    .one();
  return conds.map((_, i) => row[`n${i}`] ?? 0);
}

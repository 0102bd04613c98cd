// Matcher pushdown over the postings index: positive matchers (those that cannot match an absent label)
// drive lookups, regexes are evaluated against the candidate values of their label, and every matcher is
// finally checked against the full label set.
import type { LabelMatcher, Labels } from "../../core/promql/types";
import { labelsFromKey } from "../../core/tsdb/labels";
import { matchValue, matchesAll, matchesEmpty } from "../../core/tsdb/matchers";
import { LIMIT_ERROR_PREFIX } from "../../platform/metrics/shard-rpc";

export interface MatchedSeries {
  id: number;
  labels: Labels;
}

function postingsFor(sql: SqlStorage, m: LabelMatcher): Set<number> {
  const ids = new Set<number>();
  if (m.op === "=") {
    for (const r of sql.exec<{ series_id: number }>(
      "SELECT series_id FROM postings WHERE name = ? AND value = ?",
      m.name,
      m.value,
    ))
      ids.add(r.series_id);
    return ids;
  }
  // One scan of the label's postings, each distinct value tested once: far fewer statements than a
  // lookup per matching value.
  const verdict = new Map<string, boolean>();
  for (const r of sql.exec<{ value: string; series_id: number }>(
    "SELECT value, series_id FROM postings WHERE name = ?",
    m.name,
  )) {
    let ok = verdict.get(r.value);
    if (ok === undefined) verdict.set(r.value, (ok = matchValue(m, r.value)));
    if (ok) ids.add(r.series_id);
  }
  return ids;
}

/** Series matching all `matchers`, at most `maxSeries` (past that, a clear limit error). */
export function matchSeries(sql: SqlStorage, matchers: LabelMatcher[], maxSeries: number): MatchedSeries[] {
  const positive = matchers.filter((m) => !matchesEmpty(m));
  let ids: Set<number> | null = null;
  for (const m of positive) {
    const found = postingsFor(sql, m);
    if (ids === null) ids = found;
    else {
      const next = new Set<number>();
      for (const id of ids) if (found.has(id)) next.add(id);
      ids = next;
    }
    if (ids.size === 0) return [];
  }
  const out: MatchedSeries[] = [];
  const take = (id: number, key: string) => {
    const labels = labelsFromKey(key);
    if (!matchesAll(matchers, labels)) return;
    if (out.length >= maxSeries)
      throw new Error(`${LIMIT_ERROR_PREFIX} more than ${maxSeries} series match ${describe(matchers)}`);
    out.push({ id, labels });
  };
  if (ids === null) {
    // No positive matcher (e.g. only negations): scan the series table, still bounded by maxSeries.
    for (const r of sql.exec<{ id: number; key: string }>("SELECT id, key FROM series")) take(r.id, r.key);
    return out;
  }
  const list = [...ids];
  for (let i = 0; i < list.length; i += 90) {
    const part = list.slice(i, i + 90);
    const rows = sql.exec<{ id: number; key: string }>(
      `SELECT id, key FROM series WHERE id IN (${part.map(() => "?").join(",")})`,
      ...part,
    );
    for (const r of rows) take(r.id, r.key);
  }
  return out;
}

export function describe(matchers: LabelMatcher[]): string {
  return `{${matchers.map((m) => `${JSON.stringify(m.name)}${m.op}${JSON.stringify(m.value)}`).join(", ")}}`;
}

/** Whether a series has any chunk overlapping [start, end]: a row (float or histogram), or its span in the cold tier's blocks (a
 * span, as Prometheus answers the series endpoints per block: a gap inside it still counts). */
export function hasDataIn(sql: SqlStorage, id: number, start: number, end: number): boolean {
  return (
    sql
      .exec(
        `SELECT 1 FROM chunks WHERE series_id = ? AND max_t >= ? AND min_t <= ?
         UNION ALL SELECT 1 FROM hist_chunks WHERE series_id = ? AND max_t >= ? AND min_t <= ?
         UNION ALL SELECT 1 FROM cold_series WHERE series_id = ? AND max_t >= ? AND min_t <= ? LIMIT 1`,
        id,
        start,
        end,
        id,
        start,
        end,
        id,
        start,
        end,
      )
      .toArray().length > 0
  );
}

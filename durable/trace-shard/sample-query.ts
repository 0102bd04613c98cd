// Uniform span samples inside one shard for DDx. One request carries the parts of a comparison that share a filter
// (the error and the ok spans of a window): each part's exact match count comes from the per-minute counts
// (span-counts.ts; a COUNT over the spans for what they cannot express), and one walk reads them all. When a part's
// count is well above its sample size, a deterministic hash of the row id thins its rows inside SQLite (C speed) to
// a few standard deviations over the sample before its reservoir, so JS walks what it keeps, not the window (the
// walk is bounded anyway).
import { attrToString } from "../../core/otlp/traces/otlp-values";
import type { SamplePart, SampleRequest } from "../../core/traces/contracts";
import { Reservoir, seededRng } from "../../core/traces/reservoir";
import type { ResourceCache } from "./span-store";
import { SAMPLE_HASH, SAMPLE_HASH_RANGE } from "./schema";
import { countParts } from "./span-counts";
import { spanWhere, type Where } from "./span-where";
import type { ShardSample } from "../../platform/traces/shard-rpc";

/** Rows walked in JS at most per shard per sample request. */
export const MAX_SAMPLE_WALK = 50_000;

/** Rows to walk for a sample of `limit`: the thinned count is binomial with this mean, and 4 standard deviations
 * (plus a margin for small samples) above the sample it falls short about 3 times in 100,000; a short part is then
 * asked again by the worker, as a shard holding more than its first share is. */
export function rowsToWalk(limit: number): number {
  return Math.min(MAX_SAMPLE_WALK, Math.ceil(limit + 4 * Math.sqrt(limit) + 32));
}

/** resource_id, attrs (JSON), status, dur_us, then one 0/1 flag per walked part. */
type Row = [number, string, number, number, ...number[]];

/** A part's own condition, on columns every span index covers (status, dur_us). */
function partSql(p: SamplePart): Where {
  const parts: string[] = [];
  const params: number[] = [];
  if (p.status === "error") parts.push("a.status = 2");
  if (p.status === "ok") parts.push("a.status != 2");
  if (p.minDurationUs !== undefined) {
    parts.push("a.dur_us >= ?");
    params.push(p.minDurationUs);
  }
  if (p.maxDurationUs !== undefined) {
    parts.push("a.dur_us <= ?");
    params.push(p.maxDurationUs);
  }
  return { sql: parts.length ? `(${parts.join(" AND ")})` : "1", params };
}

/** The statement that walks the parts that matched anything, given each part's exact count: each part's condition
 * and, when it matched well above its sample, its hash thinning. Selects [resource_id, attrs, status, dur_us, p0, p1...]. */
export function walkStatement(sql: SqlStorage, q: SampleRequest, totals: number[]): { stmt: Where; live: number[] } {
  const w = spanWhere(sql, q);
  const live = q.parts.map((_, i) => i).filter((i) => totals[i] > 0);
  const picks: Where[] = live.map((i) => {
    const c = partSql(q.parts[i]);
    const walk = rowsToWalk(q.parts[i].limit);
    if (totals[i] <= walk) return c;
    // The seed turns the hash, so another seed keeps other spans.
    const keep = Math.max(1, Math.ceil((walk / totals[i]) * SAMPLE_HASH_RANGE));
    return {
      sql: `(${c.sql} AND ((${SAMPLE_HASH} + ?) % ${SAMPLE_HASH_RANGE}) < ?)`,
      params: [...c.params, q.seed & 0xfffff, keep],
    };
  });
  return {
    live,
    stmt: {
      sql: `SELECT a.resource_id, a.attrs, a.status, a.dur_us, ${picks.map((p) => p.sql).join(", ")}
        FROM spans a WHERE ${w.sql} AND (${picks.map((p) => p.sql).join(" OR ")}) LIMIT ${MAX_SAMPLE_WALK * 2}`,
      params: [...picks.flatMap((p) => p.params), ...w.params, ...picks.flatMap((p) => p.params)],
    },
  };
}

export function sampleSpans(sql: SqlStorage, resources: ResourceCache, q: SampleRequest): ShardSample[] {
  const totals = countParts(sql, q, spanWhere(sql, q, "a", { time: false }), q.parts, q.parts.map(partSql));
  // Columns, and each resource's flattened attributes once: the worker parses only the spans it keeps.
  const out: ShardSample[] = q.parts.map((_, i) => ({
    totalMatched: totals[i],
    resources: [],
    resource: [],
    attrs: [],
    error: [],
    durationMs: [],
  }));
  if (!totals.some((n) => n > 0)) return out;
  const { stmt, live } = walkStatement(sql, q, totals);
  // Raw rows (arrays) cost less to cross from SQLite than objects.
  const reservoirs = live.map((i) => new Reservoir<Row>(q.parts[i].limit, seededRng(q.seed)));
  const cur = sql.exec(stmt.sql, ...stmt.params);
  for (const r of cur.raw() as IterableIterator<Row>)
    for (let j = 0; j < reservoirs.length; j++) if (r[4 + j]) reservoirs[j].offer(r);
  const seen = new Map<number, number>();
  const resourceIndex = (o: ShardSample, id: number): number => {
    let k = seen.get(id);
    if (k === undefined) {
      const a: Record<string, string> = {};
      for (const [key, v] of Object.entries(resources.attrs(id))) a[key] = attrToString(v);
      k = o.resources.push(a) - 1;
      seen.set(id, k);
    }
    return k;
  };
  live.forEach((i, j) => {
    const o = out[i];
    seen.clear();
    for (const r of reservoirs[j].items) {
      o.resource.push(resourceIndex(o, r[0]));
      o.attrs.push(r[1]);
      o.error.push(r[2] === 2);
      o.durationMs.push(r[3] / 1000);
    }
  });
  return out;
}

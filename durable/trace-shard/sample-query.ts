// Uniform span sample inside one shard for DDx. COUNT(*) gives the exact match count; when it is well above the
// sample size, a deterministic hash of the row id thins the rows inside SQLite (C speed) to about 1.5x the sample
// before the reservoir, so JS walks what it keeps, not the window (the walk is bounded anyway).
import { attrToString } from "../../core/otlp/traces/otlp-values";
import type { SampleRequest } from "../../core/traces/contracts";
import { Reservoir, seededRng } from "../../core/traces/reservoir";
import type { ResourceCache } from "./span-store";
import { spanWhere } from "./span-where";
import type { ShardSample } from "../../platform/traces/shard-rpc";

/** Rows walked in JS at most per shard per sample request. */
export const MAX_SAMPLE_WALK = 50_000;

export function sampleSpans(sql: SqlStorage, resources: ResourceCache, q: SampleRequest): ShardSample {
  const w = spanWhere(sql, q);
  const total = sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM spans a WHERE ${w.sql}`, ...w.params).one().n;
  if (total === 0) return { spans: [], totalMatched: 0 };
  let thin = "";
  const params = [...w.params];
  // Rows to walk: 1.5x the sample (a binomial count that far above the sample almost never falls short of it).
  const walk = Math.min(MAX_SAMPLE_WALK, Math.max(Math.ceil(1.5 * q.limit), q.limit + 100));
  if (total > walk) {
    // Multiplicative hashing of the rowid is uniform enough.
    const keepPerMillion = Math.max(1, Math.ceil((walk / total) * 1_000_000));
    thin = ` AND ((a.id * 2654435761 + ?) % 1000000) < ?`;
    params.push(q.seed & 0xffff, keepPerMillion);
  }
  const res = new Reservoir<{ resource_id: number; attrs: string; status: number; dur_us: number }>(
    q.limit,
    seededRng(q.seed),
  );
  const cur = sql.exec<{ resource_id: number; attrs: string; status: number; dur_us: number }>(
    `SELECT a.resource_id, a.attrs, a.status, a.dur_us FROM spans a WHERE ${w.sql}${thin} LIMIT ${MAX_SAMPLE_WALK * 2}`,
    ...params,
  );
  for (const r of cur) res.offer(r);
  const spans = res.items.map((r) => {
    const attributes: Record<string, string> = {};
    for (const [k, v] of Object.entries(resources.attrs(r.resource_id))) attributes[k] = attrToString(v);
    for (const [k, v] of Object.entries(JSON.parse(r.attrs) as Record<string, never>)) attributes[k] = attrToString(v);
    return { attributes, error: r.status === 2, durationMs: r.dur_us / 1000 };
  });
  return { spans, totalMatched: total };
}

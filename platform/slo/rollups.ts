// Evaluate an SLO's roll-up queries over a run of minutes with the PromQL engine (one range query per part).
import type { SloDef } from "../../core/contracts/slos";
import { type BucketRow, toBuckets } from "../../core/slo/rollup";
import { BUCKET_MS, rollupQueries } from "../../core/slo/sli";
import type { Env } from "../env";
import { queryEngine } from "../metrics/engine";

/** Distinct groups one SLO may have: each is a budget, a row per minute and a signal on its monitors. */
export const MAX_SLO_GROUPS = 200;

export class SloLimitError extends Error {
  override name = "SloLimitError";
}

/** Buckets ending in (from, to] (both minute-aligned). */
export async function computeRollups(env: Env, def: SloDef, from: number, to: number): Promise<BucketRow[]> {
  if (to <= from) return [];
  const q = rollupQueries(def.sli, def.groupBy);
  const engine = queryEngine(env, { timeoutMs: 30_000 });
  const run = (query: string | undefined) =>
    query ? engine.rangeQueryNumeric(query, from + BUCKET_MS, to, BUCKET_MS) : Promise.resolve(undefined);
  const [total, good, bad] = await Promise.all([run(q.total), run(q.good), run(q.bad)]);
  const rows = toBuckets({ total: total ?? [], good, bad }, def.groupBy);
  const groups = new Set(rows.map((r) => r.group));
  if (groups.size > MAX_SLO_GROUPS)
    throw new SloLimitError(
      `the SLO splits into ${groups.size} groups by ${def.groupBy.join(", ")}; at most ${MAX_SLO_GROUPS}: group by fewer labels or narrow the selectors`,
    );
  return rows;
}

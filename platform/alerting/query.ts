import type { Sample } from "../../core/alerting/types";
import { createEngine } from "../../core/promql/engine";
import type { Env } from "../env";
import { promqlSemantics } from "../metrics/engine";
import { shardedSeriesSource } from "../metrics/source";

/** Cap on series one check may produce: a monitor query that explodes is an error, not a memory spike. */
export const MAX_SERIES_PER_CHECK = 10_000;

/** The monitor's query at one instant, as plain samples for the state machine. Scalars become one label-less sample. */
export async function instantSamples(env: Env, query: string, at: number): Promise<Sample[]> {
  const engine = createEngine(shardedSeriesSource(env), {
    timeoutMs: 20_000,
    maxSamples: 5_000_000,
    ...promqlSemantics(env),
  });
  const rows = await engine.instantQueryNumeric(query, at);
  if (rows.length > MAX_SERIES_PER_CHECK)
    throw new Error(`query returned ${rows.length} series; the limit per monitor check is ${MAX_SERIES_PER_CHECK}`);
  return rows.map((r) => ({ labels: r.labels, value: r.values.length ? r.values[r.values.length - 1] : NaN }));
}

// The PromQL engine over the sharded metrics store, with Prometheus' default limits.
import { createEngine, type Engine } from "../../core/promql/engine";
import { config, type Env } from "../env";
import { BUDGETS } from "./budgets";
import { shardPushdown } from "./pushdown";
import { shardedSeriesSource } from "./source";

export const QUERY_LIMITS = {
  lookbackDeltaMs: 300_000,
  maxSamples: 50_000_000,
  timeoutMs: 120_000,
  maxPointsPerSeries: 11_000,
};

/** The deployment's PromQL semantics (PROMQL_MODE), for every engine built over the store. */
export function promqlSemantics(env: Env): { prometheus3: boolean } {
  return { prometheus3: config(env).promqlMode === 3 };
}

/** The engine over the shards: aggregations and per-series parts run where the data lives, the rest over
 * raw pages, all within the Worker's byte budget. */
export function queryEngine(env: Env, overrides: { timeoutMs?: number; maxSamples?: number } = {}): Engine {
  return createEngine(shardedSeriesSource(env), {
    ...QUERY_LIMITS,
    ...promqlSemantics(env),
    ...overrides,
    pushdown: shardPushdown(env),
    maxBytes: BUDGETS.workerQueryBytes,
  });
}

// The PromQL engine over the sharded metrics store, with Prometheus' default limits.
import { createEngine, type Engine } from "../../core/promql/engine";
import { config, type Env } from "../env";
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

export function queryEngine(env: Env, overrides: { timeoutMs?: number } = {}): Engine {
  return createEngine(shardedSeriesSource(env), { ...QUERY_LIMITS, ...promqlSemantics(env), ...overrides });
}

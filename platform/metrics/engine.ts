// The PromQL engine over the sharded metrics store, with Prometheus' default limits.
import { createEngine, type Engine } from "../../core/promql/engine";
import type { Env } from "../env";
import { shardedSeriesSource } from "./source";

export const QUERY_LIMITS = {
  lookbackDeltaMs: 300_000,
  maxSamples: 50_000_000,
  timeoutMs: 120_000,
  maxPointsPerSeries: 11_000,
};

export function queryEngine(env: Env, overrides: { timeoutMs?: number } = {}): Engine {
  return createEngine(shardedSeriesSource(env), { ...QUERY_LIMITS, ...overrides });
}

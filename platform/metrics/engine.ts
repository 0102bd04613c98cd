// The PromQL engine over the sharded metrics store, with Prometheus' default limits.
import { createEngine, type Engine } from "../../core/promql/engine";
import { matchesAll } from "../../core/promql/labels";
import { translateRegex } from "../../core/promql/regex";
import type { LabelMatcher, SeriesSource } from "../../core/promql/types";
import type { Env } from "../env";
import { shardedSeriesSource } from "./source";

export const QUERY_LIMITS = {
  lookbackDeltaMs: 300_000,
  maxSamples: 50_000_000,
  timeoutMs: 120_000,
  maxPointsPerSeries: 11_000,
};

/** A regex the shards can evaluate as written: RE2 syntax that JS spells the same way. Others (e.g. `(?i)`,
 * `[[:alpha:]]`, `\z`) are applied by the engine after the fetch instead of being pushed down. */
export function pushable(m: LabelMatcher): boolean {
  if (m.op !== "=~" && m.op !== "!~") return true;
  try {
    const t = translateRegex(m.value);
    return t.flags === "u" && t.source === m.value;
  } catch {
    return false;
  }
}

/** The matchers to send to the shards: pushable ones, widened to all named series when nothing selective is left. */
export function pushdownMatchers(matchers: LabelMatcher[]): LabelMatcher[] {
  const pushed = matchers.filter(pushable);
  if (pushed.length === matchers.length) return matchers;
  return pushed.some((m) => m.op === "=" && m.value !== "")
    ? pushed
    : [...pushed, { name: "__name__", op: "=~", value: ".+" }];
}

export function withRegexFallback(source: SeriesSource): SeriesSource {
  return {
    async select(matchers, hints) {
      const wide = pushdownMatchers(matchers);
      if (wide === matchers) return source.select(matchers, hints);
      const rows = await source.select(wide, hints);
      return rows.filter((r) => matchesAll(matchers, r.labels));
    },
  };
}

export function queryEngine(env: Env, overrides: { timeoutMs?: number } = {}): Engine {
  return createEngine(withRegexFallback(shardedSeriesSource(env)), { ...QUERY_LIMITS, ...overrides });
}

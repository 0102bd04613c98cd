// The contract between the PromQL engine (core/promql) and whatever stores series (durable/metric-shard via
// worker/metrics). All times are epoch milliseconds, as inside Prometheus.
import type { FloatHistogram } from "../histogram/float-histogram";

/** A label set. The metric name is the `__name__` label. Names may be any UTF-8 (e.g. `deployment.version`). */
export type Labels = Record<string, string>;

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export interface SelectHints {
  /** Inclusive bounds of the samples the engine needs, lookback and range already applied. */
  start: number;
  end: number;
}

/** One stored series with its samples in [start, end], timestamps ascending. Stale markers keep their NaN bits.
 * Hand `values` over as a Float64Array: V8 canonicalizes NaN payloads in plain arrays, losing stale markers
 * (see core/promql/stale.ts). */
export interface RawSeries {
  labels: Labels;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Native histogram samples, index-aligned with `timestamps`: where an entry is set the sample is that
   * histogram and `values[i]` is ignored (Prometheus keeps floats and histograms of one series apart). */
  histograms?: ArrayLike<FloatHistogram | undefined>;
}

/** The port the engine reads through. Implementations push matchers and the time range down to storage. */
export interface SeriesSource {
  select(matchers: LabelMatcher[], hints: SelectHints): Promise<RawSeries[]>;
}

// Shapes of the trace DDx: two span samples in, attribute values ranked by how much they mark the target side.

export interface SpanRecord {
  /** Span and resource attributes, flattened to strings. */
  attributes: Record<string, string>;
  error: boolean;
  durationMs: number;
}

export interface SpanSample {
  spans: SpanRecord[];
  /** How many spans matched before sampling (the sample is uniform over them). */
  totalMatched: number;
}

export type TraceComparison = "errors" | "window" | "slow";

export interface SideStat {
  count: number;
  /** Share of this side's sampled spans carrying the value, with its 95% Wilson interval. */
  pct: number;
  low: number;
  high: number;
}

export interface AttributeStat {
  key: string;
  value: string;
  target: SideStat & { /** Share among this side's spans that carry the key at all. */ pctOfKey: number };
  comparison: SideStat;
  /** The same value in the window before (errors/slow modes): was it there at all? */
  before?: { count: number; pct: number; present: boolean };
  /** Target share over comparison share (Infinity when absent from the comparison). */
  lift: number;
  /** 0..100: the lower bound of the target share minus the upper bound of the comparison share, both Wilson
   * intervals widened for the number of values tested (Bonferroni); 0 below the minimum support. */
  score: number;
  /** 1 minus the one-sided p-value (Fisher's exact test for small counts) times the number of values tested:
   * how sure we are the value really is more common on the target side, given the sample sizes. */
  confidence: number;
  /** On enough target spans to rank (see MIN_SUPPORT); values below are listed after, with score 0. */
  supported: boolean;
  explanation: string;
}

export interface TraceDdxResult {
  comparison: TraceComparison;
  samples: { target: SampleInfo; comparison: SampleInfo; before?: SampleInfo };
  ranked: AttributeStat[];
  keys: { key: string; cardinality: number; truncated: boolean }[];
}

export interface SampleInfo {
  sampled: number;
  total: number;
}

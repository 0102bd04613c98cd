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
  /** 0..100, the same as `divergence` (before the comparison in time existed, the population figure alone). */
  score: number;
  /** 0..100: the figure of the comparison that ranked the row (the stronger of `time` and `population`). */
  divergence: number;
  /** Which comparison ranked it: against the baseline window ("what changed") or the rest of the spans now. */
  rankedBy: TraceRankedBy;
  /** Against the rest now: the lower bound of the target share minus the upper bound of the comparison share, both
   * Wilson intervals widened for the number of values tested (Bonferroni); 0 below the minimum support. */
  population: { divergence: number };
  /** Against the baseline window (errors and slow modes, when the baseline held spans): the value's rate now and
   * before (its own, or the scope's when it was absent before), with intervals. */
  time?: TimeStat;
  /** The key describes the failure itself (error message, status code): true but tautological for errors. */
  symptom: boolean;
  /** `cause`: a candidate; `contained`: its target spans lie inside a row ranked as a cause (`within`); `symptom`;
   * `noise`: neither comparison separates it (or too few spans). */
  kind: TraceRowKind;
  within?: string;
  /** One line: what the figure rests on. */
  reason: string;
  /** 1 minus the one-sided p-value (Fisher's exact test for small counts) times the number of values tested:
   * how sure we are the value really is more common on the target side, given the sample sizes. */
  confidence: number;
  /** On enough target spans to rank (see MIN_SUPPORT); values below are listed after, with score 0. */
  supported: boolean;
  explanation: string;
}

export type TraceRankedBy = "time" | "population";
export type TraceRowKind = "cause" | "contained" | "symptom" | "noise";

export interface TimeStat {
  /** Error rate (slow share) of the value's spans in the window and its interval. */
  rate: number;
  low: number;
  high: number;
  /** The same before: the value's own ("value"), or the scope's when the value was absent before ("scope"). */
  before: number;
  beforeLow: number;
  beforeHigh: number;
  beforeFrom: "value" | "scope";
  /** How much the key's other values' rate rose meanwhile (at least 1): the value is held to before × moved. */
  moved: number;
  divergence: number;
}

export interface TraceDdxResult {
  comparison: TraceComparison;
  samples: {
    target: SampleInfo;
    comparison: SampleInfo;
    before?: SampleInfo;
    /** The baseline's two sides, when they were read apart (to know each value's rate before). */
    beforeTarget?: SampleInfo;
    beforeComparison?: SampleInfo;
  };
  /** The scope's rate in the window and in the baseline (errors and slow modes). */
  rate?: { window: number; baseline: number | null };
  ranked: AttributeStat[];
  /** Present when no row is a cause candidate that diverges: why. */
  empty?: string;
  keys: { key: string; cardinality: number; truncated: boolean }[];
}

export interface SampleInfo {
  sampled: number;
  total: number;
}

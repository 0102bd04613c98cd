// Shapes of DDx inputs and outputs, shared by core, worker routes, the benchmark and the web client.
import type { Labels } from "../promql/types";

/** Series missing a label are grouped under this value. */
export const NO_VALUE = "<no value>";

/** One series evaluated on a fixed step grid; NaN (or absent) means no sample at that step. */
export interface GridSeries {
  labels: Labels;
  values: ArrayLike<number>;
}

/** A time window evaluated on a step grid: `series[i].values[j]` is the value at `timestamps[j]`. */
export interface GridWindow {
  timestamps: number[];
  series: GridSeries[];
}

/** The same signal over the window and over the baseline. */
export interface GridPair {
  window: GridWindow;
  baseline: GridWindow;
}

export interface MetricDdxOptions {
  /** The ratio's denominator (e.g. all requests when the signal is errors): DDx then scores error rates. Without
   * it, DDx scores the signal's volume and uses each value's share of the series as its traffic. */
  traffic?: GridPair;
  /** Seconds per grid step when the signal is a per-second rate of a counter: sums become event counts, and the
   * significance test gets its Poisson floor. Leave unset for gauges. */
  stepSeconds?: { window: number; baseline: number };
  /** Only analyse these label keys (all when empty). */
  includeLabels?: string[];
  /** Never analyse these label keys (`__name__` is always excluded). */
  excludeLabels?: string[];
  /** Labels the query itself constrains (e.g. `status` in `{status=~"5.."}`): they describe the symptom the
   * user selected, not where it comes from, so they get tables and charts but stay out of the ranked summary. */
  symptomLabels?: string[];
  /** How many label=value pairs go into the ranked summary. */
  top?: number;
  /** Values kept per label in the full table (the rest are counted in the table's `truncated`). */
  maxValuesPerLabel?: number;
  /** Series per small-multiples chart (the rest are summed into one `other` series). */
  maxSeriesPerChart?: number;
  /** Points per side for scoring and charts (steps are summed into at most this many buckets). */
  maxBuckets?: number;
}

/** Which comparison ranked a value: against its own baseline in time, against the rest of the population at the
 * same time (Honeycomb BubbleUp), both, or neither (a low row kept with its reason). */
export type Comparison = "baseline" | "population" | "both" | "none";

/** Why a row is where it is. `cause`: it diverges. The others are kept in the list, ranked low, with that reason. */
export type RowKind =
  | "cause"
  | "contained" // its excess lies inside a higher row (a coarser value that adds nothing, e.g. method=POST)
  | "alike" // every value of its label moved together (e.g. all pods)
  | "traffic-shift" // its traffic moved at an unchanged error rate: not a cause
  | "lower" // it holds fewer errors than its traffic (or than before)
  | "noise"; // too little evidence to tell

/** The evidence behind one label=value, in the signal's units (events when `stepSeconds` is known). */
export interface ValueStats {
  value: string;
  /** 0..100, see docs/DDX.md "Divergence". */
  divergence: number;
  kind: RowKind;
  comparison: Comparison;
  /** One line a person can read: what the figure rests on. */
  reason: string;
  /** The two halves of the divergence (each 0..1, already weighted by their confidence). */
  timeTerm: number;
  populationTerm: number;
  /** Share of the label's signal (errors) in the window and in the baseline (0..1). */
  windowShare: number;
  baselineShare: number;
  /** Share of the traffic (the denominator; the series when there is none) in the window and the baseline. */
  trafficShare: number;
  baselineTrafficShare: number;
  /** Error rate (signal / traffic) of the value in the window and in the baseline, and of the rest now. */
  rate: number;
  baselineRate: number;
  restRate: number;
  /** Part of the rate's change this value accounts for (0..1). */
  explanatoryPower: number;
  /** Significance of each comparison in standard errors. */
  zTime: number;
  zPopulation: number;
  /** true when the value had no traffic (or signal) in the baseline. */
  newInWindow: boolean;
  /** The value's share of the traffic at the moments it had any (1: it was all the traffic then). */
  concurrentShare: number;
  /** The population difference was already there in the baseline: the fault is older than the baseline. */
  olderThanBaseline: boolean;
  /** Window series carrying the value. */
  series: number;
}

export interface LabelTable {
  label: string;
  /** Distinct values seen in window and baseline (including `<no value>`). */
  cardinality: number;
  /** Exactly one value: it cannot tell series apart. Excluded from the ranked summary. */
  uninformative: boolean;
  /** The signal changed but no value of this label changed differently from the rest (e.g. all pods alike). */
  movedAlike: boolean;
  /** Constrained by the query's own matchers (see MetricDdxOptions.symptomLabels): not ranked. */
  symptom: boolean;
  /** The traffic has no such label, so rates per value are unknown: scored on the signal's volume. */
  trafficUnknown: boolean;
  /** Best divergence of this label (0..100). */
  divergence: number;
  /** Same as `divergence` (older clients read `score`). */
  score: number;
  values: ValueStats[];
  /** Values dropped from `values` by maxValuesPerLabel. */
  truncated: number;
}

export interface RankedPair {
  label: string;
  value: string;
  /** 0..100, see docs/DDX.md "Divergence". */
  divergence: number;
  /** Same as `divergence` (older clients and notebooks read `score`). */
  score: number;
  kind: RowKind;
  comparison: Comparison;
  /** One line: the evidence behind the figure. */
  reason: string;
  /** The reason plus any linked change event (kept for older clients). */
  explanation: string;
  windowShare: number;
  baselineShare: number;
  trafficShare: number;
  rate: number;
  baselineRate: number;
  restRate: number;
  newInWindow: boolean;
  olderThanBaseline: boolean;
  /** Other ranked values the excess shares: the fault sits where they meet (e.g. endpoint and version). */
  together?: string[];
  /** The higher row that holds this value's excess (kind "contained"). */
  within?: string;
}

/** Two values that only diverge together: the errors sit on their intersection. */
export interface Combination {
  pairs: { label: string; value: string }[];
  /** Share of the window's errors and of its traffic on the intersection, and its error rate vs the rest. */
  windowShare: number;
  trafficShare: number;
  rate: number;
  restRate: number;
}

export interface SmallMultiple {
  label: string;
  /** "rate": each point is the value's error rate (0..1); "signal": the signal's own units. */
  unit: "rate" | "signal";
  window: { timestamps: number[]; series: { value: string; values: (number | null)[] }[] };
  baseline: { timestamps: number[]; series: { value: string; values: (number | null)[] }[] };
}

export interface MetricDdxResult {
  /** "rate": errors over traffic (a ratio, or a selector with its traffic derived); "volume": the signal alone. */
  mode: "rate" | "volume";
  /** +1 when the signal (or its rate) rose in the window, -1 when it fell. */
  direction: 1 | -1;
  /** Mean per-step signal in the window and in the baseline (robust). */
  windowTotal: number;
  baselineTotal: number;
  /** The whole scope's error rate now and in the baseline (signal per series in volume mode). */
  rate: { window: number; baseline: number; z: number };
  seriesCount: { window: number; baseline: number };
  ranked: RankedPair[];
  combinations: Combination[];
  labels: LabelTable[];
  smallMultiples: SmallMultiple[];
  /** Why nothing stands out, when nothing does (otherwise absent). */
  empty?: string;
}

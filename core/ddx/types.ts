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

export interface MetricDdxOptions {
  /** Only analyse these label keys (all when empty). */
  includeLabels?: string[];
  /** Never analyse these label keys (`__name__` is always excluded). */
  excludeLabels?: string[];
  /** Labels the query itself constrains (e.g. `status` in `{status=~"5.."}`): they describe the symptom the
   * user selected, not where it comes from, so they get tables and charts but stay out of the ranked summary. */
  symptomLabels?: string[];
  /** How many label=value pairs go into the ranked summary. */
  top?: number;
  /** Values kept per label in the full table (the rest are summed into the table's `truncated` count). */
  maxValuesPerLabel?: number;
  /** Series per small-multiples chart (the rest are summed into one `other` series). */
  maxSeriesPerChart?: number;
  /** Points per small-multiples series (downsampled by averaging). */
  maxPointsPerChart?: number;
}

/** The evidence behind one label=value's score, all in the units of the signal (per step). */
export interface ValueStats {
  value: string;
  /** Mean per-step signal of this value in the window, and its robust (median) level in the baseline. */
  windowLevel: number;
  baselineLevel: number;
  /** Share of the label's total signal, in the window and in the baseline (0..1). */
  windowShare: number;
  baselineShare: number;
  /** Share of the window's series that carry this value (a traffic proxy; 0..1). */
  seriesShare: number;
  /** Part of the label's total change this value accounts for (0..1, in the anomaly's direction). */
  explanatoryPower: number;
  /** Change over the baseline's own step-to-step noise (robust z). */
  z: number;
  /** true when the value had no signal in the baseline. */
  newInWindow: boolean;
  /** 0..100, see docs/DDX.md. */
  score: number;
}

export interface LabelTable {
  label: string;
  /** Distinct values seen in window and baseline (including `<no value>`). */
  cardinality: number;
  /** Exactly one value: it cannot tell series apart. Excluded from the ranked summary. */
  uninformative: boolean;
  /** Every value moved by about the same ratio (e.g. all pods alike): the label does not localise the change. */
  movedAlike: boolean;
  /** Constrained by the query's own matchers (see MetricDdxOptions.symptomLabels): not ranked. */
  symptom: boolean;
  /** Best value score of this label. */
  score: number;
  values: ValueStats[];
  /** Values dropped from `values` by maxValuesPerLabel. */
  truncated: number;
}

export interface RankedPair {
  label: string;
  value: string;
  score: number;
  explanation: string;
  windowShare: number;
  baselineShare: number;
  newInWindow: boolean;
}

export interface SmallMultiple {
  label: string;
  window: { timestamps: number[]; series: { value: string; values: (number | null)[] }[] };
  baseline: { timestamps: number[]; series: { value: string; values: (number | null)[] }[] };
}

export interface MetricDdxResult {
  /** +1 when the signal rose in the window, -1 when it fell. */
  direction: 1 | -1;
  windowTotal: number;
  baselineTotal: number;
  seriesCount: { window: number; baseline: number };
  ranked: RankedPair[];
  labels: LabelTable[];
  smallMultiples: SmallMultiple[];
}

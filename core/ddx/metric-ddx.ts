// Metric DDx: which label=value pairs explain how the window differs from the baseline. Pure.
import { explainMetricValue } from "./explain";
import { dense, groupByLabel, labelKeys, POOLED, presentIn } from "./group";
import { interquartileMean, labelTotals, levelsOf, scoreValue } from "./metric-score";
import { buildSmallMultiple } from "./small-multiples";
import { mean } from "./stats";
import type {
  GridWindow,
  LabelTable,
  MetricDdxOptions,
  MetricDdxResult,
  RankedPair,
  SmallMultiple,
  ValueStats,
} from "./types";

export const DEFAULTS = { top: 10, maxValuesPerLabel: 50, maxSeriesPerChart: 8, maxPointsPerChart: 120 } as const;

/** A value whose score is below this is not worth a line in the ranked summary. */
const MIN_RANKED_SCORE = 0.5;
/** A label "moved alike" when no value shifted its share by more than this. */
const ALIKE_SHIFT = 0.05;

function totalSteps(w: GridWindow): Float64Array {
  const t = new Float64Array(w.timestamps.length);
  for (const s of w.series) for (let i = 0; i < t.length; i++) if (Number.isFinite(s.values[i])) t[i] += s.values[i];
  return t;
}

export function rankMetrics(
  rawWindow: GridWindow,
  rawBaseline: GridWindow,
  options: MetricDdxOptions = {},
): MetricDdxResult {
  const present = presentIn(rawWindow);
  const window = dense(rawWindow);
  const baseline = dense(rawBaseline);
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const windowTotal = mean(totalSteps(window)) || 0;
  const baselineTotal = interquartileMean(totalSteps(baseline));
  const direction: 1 | -1 = windowTotal >= baselineTotal ? 1 : -1;
  const windowSeries = present.filter(Boolean).length;

  const labels: LabelTable[] = [];
  const charts = new Map<string, SmallMultiple>();
  for (const label of labelKeys(window, baseline, o.includeLabels, o.excludeLabels)) {
    const groups = groupByLabel(label, window, baseline, present);
    const levels = groups.map((g) =>
      levelsOf(g.windowSteps, g.baselineSteps, windowSeries ? g.windowSeries / windowSeries : 0),
    );
    const totals = labelTotals(levels, direction);
    const values: ValueStats[] = groups.map((g, i) => {
      const l = levels[i];
      const s = scoreValue(l, totals);
      return {
        value: g.value,
        windowLevel: l.window,
        baselineLevel: l.baseline,
        windowShare: s.windowShare,
        baselineShare: s.baselineShare,
        seriesShare: l.seriesShare,
        explanatoryPower: s.explanatoryPower,
        z: s.z,
        newInWindow: l.baselineMean === 0 && l.window > 0,
        score: s.score,
      };
    });
    const order = values
      .map((_v, i) => i)
      .sort((a, b) => values[b].score - values[a].score || values[b].windowShare - values[a].windowShare);
    const sorted = order.map((i) => values[i]);
    const uninformative = groups.length === 1;
    // Built now so the per-step arrays of a high-cardinality label can be dropped before the next label.
    if (!uninformative) {
      const ordered = order.map((i) => groups[i]);
      charts.set(
        label,
        buildSmallMultiple(
          label,
          ordered,
          window.timestamps,
          baseline.timestamps,
          o.maxSeriesPerChart,
          o.maxPointsPerChart,
        ),
      );
    }
    const maxShift = Math.max(...sorted.map((v) => Math.abs(v.windowShare - v.baselineShare)));
    labels.push({
      label,
      cardinality: groups.length,
      uninformative,
      symptom: (o.symptomLabels ?? []).includes(label),
      movedAlike: !uninformative && maxShift < ALIKE_SHIFT,
      score: uninformative ? 0 : (sorted[0]?.score ?? 0),
      values: sorted.slice(0, o.maxValuesPerLabel),
      truncated: Math.max(0, sorted.length - o.maxValuesPerLabel),
    });
  }
  labels.sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));

  const ranked: RankedPair[] = [];
  for (const t of labels) {
    if (t.uninformative || t.symptom) continue;
    for (const v of t.values) {
      if (v.score < MIN_RANKED_SCORE) break;
      if (v.value === POOLED) continue;
      ranked.push({
        label: t.label,
        value: v.value,
        score: round2(v.score),
        explanation: explainMetricValue(t.label, v, direction),
        windowShare: v.windowShare,
        baselineShare: v.baselineShare,
        newInWindow: v.newInWindow,
      });
    }
  }
  // Ties (perfectly collinear labels) keep the lower-cardinality label first: it is the more general statement.
  const card = new Map(labels.map((l) => [l.label, l.cardinality]));
  ranked.sort((a, b) => b.score - a.score || card.get(a.label)! - card.get(b.label)! || a.label.localeCompare(b.label));

  const smallMultiples = labels.filter((l) => !l.uninformative).map((l) => charts.get(l.label)!);

  return {
    direction,
    windowTotal,
    baselineTotal,
    seriesCount: { window: windowSeries, baseline: baseline.series.length },
    ranked: ranked.slice(0, o.top),
    labels,
    smallMultiples,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

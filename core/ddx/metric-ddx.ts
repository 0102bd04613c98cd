// Metric DDx: which label=value pairs explain how the window differs, against the baseline in time and against
// the rest of the population at the same moments. Pure. See docs/DDX.md.
import { bucketize, type Bucketed } from "./buckets";
import { type CubeInput, errorTotals, labelCubes, labelKeysOf, POOLED, totalsOf } from "./cube";
import { scoreLabel } from "./divergence";
import { emptyReason } from "./empty";
import { overlaps } from "./overlap";
import { baselineRate, zOf } from "./rates";
import { reasonFor, wordsFor } from "./reasons";
import { MIN_CAUSE, movedAlike, rowOf } from "./rows";
import { buildSmallMultiple } from "./small-multiples";
import type {
  Combination,
  GridWindow,
  LabelTable,
  MetricDdxOptions,
  MetricDdxResult,
  RankedPair,
  SmallMultiple,
  ValueStats,
} from "./types";

export const DEFAULTS = { top: 10, maxValuesPerLabel: 50, maxSeriesPerChart: 8, maxBuckets: 40 } as const;
/** Candidates checked for overlap (containment, intersections). */
const OVERLAP_CANDIDATES = 8;

function sum(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

/** Whole-scope rates and the direction of the change. */
function scopeRates(input: CubeInput, rateMode: boolean, counts: boolean) {
  const t = totalsOf(input, rateMode);
  const b = baselineRate(t.b.e, t.b.n, 0, t.b.nb, counts);
  const ew = sum(t.w.e);
  const nw = sum(t.w.n);
  const window = nw > 0 ? ew / nw : 0;
  const expected = Number.isFinite(b.rate) ? nw * b.rate : 0;
  const z = Number.isFinite(b.rate)
    ? zOf(ew - expected, expected, b.dispersion, counts, nw / Math.max(sum(t.b.n), 1e-300))
    : 0;
  // An error rate is read upwards unless it clearly fell (a success ratio dropping); a volume goes whichever way
  // it moved (a traffic drop is the anomaly).
  const direction: 1 | -1 = rateMode ? (z <= -3 ? -1 : 1) : z < 0 ? -1 : 1;
  return { window, baseline: Number.isFinite(b.rate) ? b.rate : 0, z, direction };
}

function order(values: ValueStats[]): number[] {
  return values
    .map((_, i) => i)
    .sort(
      (a, b) =>
        values[b].divergence - values[a].divergence ||
        values[b].windowShare - values[a].windowShare ||
        values[a].value.localeCompare(values[b].value),
    );
}

export function rankMetrics(window: GridWindow, baseline: GridWindow, options: MetricDdxOptions = {}): MetricDdxResult {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  const counts = !!options.stepSeconds;
  const sw = options.stepSeconds?.window ?? 1;
  const sb = options.stepSeconds?.baseline ?? 1;
  const errors = { window: bucketize(window, o.maxBuckets, sw), baseline: bucketize(baseline, o.maxBuckets, sb) };
  const traffic = options.traffic
    ? {
        window: bucketize(options.traffic.window, o.maxBuckets, sw),
        baseline: bucketize(options.traffic.baseline, o.maxBuckets, sb),
      }
    : undefined;
  const input: CubeInput = { errors, traffic };
  const mode = traffic ? "rate" : "volume";
  const scope = scopeRates(input, !!traffic, counts);
  const totals = errorTotals(input);
  const words = wordsFor(mode);
  const symptoms = new Set(o.symptomLabels ?? []);
  const block = blockBuckets(window, baseline, errors.baseline.nb);

  const labels: LabelTable[] = [];
  const charts = new Map<string, SmallMultiple>();
  for (const cube of labelCubes(labelKeysOf(input, o.includeLabels, o.excludeLabels), input, totals)) {
    const label = cube.label;
    const score = scoreLabel(cube, {
      direction: scope.direction,
      counts,
      block,
      trafficKnown: !!traffic && !cube.trafficUnknown,
    });
    const alike = movedAlike(score);
    const rows = score.values.map((s, i) =>
      rowOf(cube.values[i], s, score, cube.windowSeries[i], { alike, rateMode: !!traffic && !cube.trafficUnknown }),
    );
    const ord = order(rows);
    const uninformative = cube.values.length === 1;
    if (!uninformative)
      charts.set(
        label,
        buildSmallMultiple(cube, ord, errors, { rate: !!traffic, window: sw, baseline: sb }, o.maxSeriesPerChart),
      );
    const sorted = ord.map((i) => rows[i]);
    const best = uninformative ? 0 : (sorted[0]?.divergence ?? 0);
    labels.push({
      label,
      cardinality: cube.values.length,
      uninformative,
      movedAlike: alike && !uninformative,
      symptom: symptoms.has(label),
      trafficUnknown: cube.trafficUnknown,
      divergence: best,
      score: best,
      values: sorted.slice(0, o.maxValuesPerLabel),
      truncated: Math.max(0, sorted.length - o.maxValuesPerLabel),
    });
  }
  labels.sort((a, b) => b.divergence - a.divergence || a.cardinality - b.cardinality || a.label.localeCompare(b.label));

  const rankable = labels.filter((l) => !l.uninformative && !l.symptom);
  const card = new Map(labels.map((l) => [l.label, l.cardinality]));
  const rows: { label: string; v: ValueStats }[] = [];
  for (const t of rankable) for (const v of t.values) if (v.value !== POOLED) rows.push({ label: t.label, v });
  const byRank = (a: { label: string; v: ValueStats }, b: { label: string; v: ValueStats }) =>
    b.v.divergence - a.v.divergence ||
    card.get(a.label)! - card.get(b.label)! ||
    b.v.windowShare - a.v.windowShare ||
    a.label.localeCompare(b.label) ||
    a.v.value.localeCompare(b.v.value);
  rows.sort(byRank);

  const links = linkOverlaps(rows, errors, traffic, scope);
  rows.sort(byRank);
  // A contained row lost most of its divergence: its label's order and best figure follow.
  for (const t of links.within.size ? labels : []) {
    t.values = order(t.values).map((i) => t.values[i]);
    t.divergence = t.score = t.uninformative ? 0 : (t.values[0]?.divergence ?? 0);
  }
  const alike = new Set(labels.filter((l) => l.movedAlike).map((l) => l.label));
  for (const t of labels)
    for (const v of t.values) {
      const key = `${t.label}=${v.value}`;
      v.reason = reasonFor(v.kind, v, {
        label: t.label,
        words,
        alike: alike.has(t.label),
        together: links.together.get(key),
        within: links.within.get(key)?.key,
        withinOutside: links.within.get(key)?.outside,
      });
    }
  const ranked = pickRanked(rows, o.top).map(({ label, v }) => toRanked(label, v, links));
  return {
    mode,
    direction: scope.direction,
    windowTotal: meanPerStep(errors.window, sw),
    baselineTotal: meanPerStep(errors.baseline, sb),
    rate: scope,
    seriesCount: { window: liveCount(errors.window), baseline: errors.baseline.labels.length },
    ranked,
    combinations: links.combinations,
    labels,
    // The query's own labels (status) chart the symptom itself: after every label that could explain it.
    smallMultiples: [
      ...labels.filter((l) => !l.uninformative && !l.symptom),
      ...labels.filter((l) => !l.uninformative && l.symptom),
    ].map((l) => charts.get(l.label)!),
    empty: ranked.some((r) => r.kind === "cause")
      ? undefined
      : emptyReason({ scope, words, labels: rankable, windowSeries: errors.window.labels.length }),
  };
}

interface Links {
  together: Map<string, string[]>;
  within: Map<string, { key: string; outside: number }>;
  combinations: Combination[];
}

/** Checks the top causes for containment and intersections; a contained row keeps only its outside share. */
function linkOverlaps(
  rows: { label: string; v: ValueStats }[],
  errors: { window: Bucketed },
  traffic: { window: Bucketed } | undefined,
  scope: { direction: 1 | -1; baseline: number },
): Links {
  const cands = rows.filter((r) => r.v.kind === "cause").slice(0, OVERLAP_CANDIDATES);
  const links: Links = { together: new Map(), within: new Map(), combinations: [] };
  if (cands.length < 2) return links;
  const key = (i: number) => `${cands[i].label}=${cands[i].v.value}`;
  const ov = overlaps(
    cands.map((c) => ({
      label: c.label,
      value: c.v.value,
      // What arrived with the change (a new or much grown value) answers "what changed", not "where": a
      // narrower "where" row cannot contain it.
      arrived: c.v.newInWindow || c.v.trafficShare >= 2 * c.v.baselineTrafficShare,
    })),
    errors.window,
    traffic?.window,
    scope.direction,
    scope.baseline,
  );
  for (const [i, { within, outside }] of ov.contained) {
    const v = cands[i].v;
    v.divergence = Math.round(v.divergence * outside * 10) / 10;
    v.timeTerm *= outside;
    v.populationTerm *= outside;
    v.kind = v.divergence >= MIN_CAUSE ? "cause" : "contained";
    links.within.set(key(i), { key: key(within), outside });
  }
  for (const [i, others] of ov.together) {
    if (ov.contained.has(i)) continue;
    links.together.set(key(i), others.filter((j) => !ov.contained.has(j)).map(key));
  }
  links.combinations = ov.combinations
    .filter((c) => !ov.contained.has(c.a) && !ov.contained.has(c.b))
    .map(({ a: _a, b: _b, ...c }) => c);
  return links;
}

/** The top rows, then one row for every label not shown yet (moved alike, lower...) so no label goes unmentioned. */
function pickRanked(rows: { label: string; v: ValueStats }[], top: number) {
  const out = rows.slice(0, top);
  const shown = new Set(out.map((r) => r.label));
  for (const r of rows) {
    if (out.length >= top + 5) break;
    if (shown.has(r.label)) continue;
    shown.add(r.label);
    out.push(r);
  }
  return out;
}

function toRanked(label: string, v: ValueStats, links: Links): RankedPair {
  const key = `${label}=${v.value}`;
  const together = links.together.get(key);
  return {
    label,
    value: v.value,
    divergence: v.divergence,
    score: v.divergence,
    kind: v.kind,
    comparison: v.comparison,
    reason: v.reason,
    explanation: v.reason,
    windowShare: v.windowShare,
    baselineShare: v.baselineShare,
    trafficShare: v.trafficShare,
    rate: v.rate,
    baselineRate: v.baselineRate,
    restRate: v.restRate,
    newInWindow: v.newInWindow,
    olderThanBaseline: v.olderThanBaseline,
    ...(together?.length ? { together } : {}),
    ...(links.within.has(key) ? { within: links.within.get(key)!.key } : {}),
  };
}

/** Baseline buckets that span a third of the window's duration. */
function blockBuckets(window: GridWindow, baseline: GridWindow, nb: number): number {
  const span = (g: GridWindow) =>
    g.timestamps.length > 1 ? g.timestamps[g.timestamps.length - 1] - g.timestamps[0] : 0;
  const perBucket = nb > 0 ? span(baseline) / nb : 0;
  return perBucket > 0 ? Math.round(span(window) / 3 / perBucket) : 0;
}

function meanPerStep(b: Bucketed, scale: number): number {
  const s = b.total;
  let steps = 0;
  for (const n of b.steps) steps += n;
  return steps ? s / (steps * scale) : 0;
}

function liveCount(b: Bucketed): number {
  let n = 0;
  for (const x of b.live) n += x;
  return n;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

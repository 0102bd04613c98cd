// histogram_quantile over classic buckets (`le` label), with Prometheus' bucket coalescing and
// monotonicity fix.
import { dropName, labelsKey, memoByLabels } from "./labels";
import { parseGoFloat } from "./format-float";
import type { Labels } from "./types";
import type { Sample } from "./value";

interface Bucket {
  upper: number;
  count: number;
}

/** Set by bucketQuantile when a bucket count below a lower bucket's had to be raised (Prometheus' info). */
export interface QuantileFlags {
  forcedMonotonic: boolean;
}

/** Relative difference under which two bucket counts are one (floating point noise, not a decrease). */
const SMALL_DELTA = 1e-12;

const MIN_NORMAL = 2.2250738585072014e-308;

/** Go's util/almost.Equal. */
function almostEqual(a: number, b: number): boolean {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return true;
  const diff = Math.abs(a - b);
  const sum = Math.abs(a) + Math.abs(b);
  if (a === 0 || b === 0 || sum < MIN_NORMAL) return diff < SMALL_DELTA * MIN_NORMAL;
  return diff / Math.min(sum, Number.MAX_VALUE) < SMALL_DELTA;
}

export function bucketQuantile(q: number, input: Bucket[], flags?: QuantileFlags): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const buckets = [...input].sort((a, b) => a.upper - b.upper);
  if (buckets[buckets.length - 1].upper !== Infinity) return NaN;
  const merged: Bucket[] = [];
  for (const b of buckets) {
    const last = merged[merged.length - 1];
    if (last && last.upper === b.upper) last.count += b.count;
    else merged.push({ ...b });
  }
  let max = -Infinity;
  let forced = false;
  for (const b of merged) {
    if (b.count > max) max = b.count;
    else if (b.count < max) {
      if (!almostEqual(max, b.count)) forced = true;
      b.count = max;
    }
  }
  if (merged.length < 2) return NaN;
  if (flags && forced) flags.forcedMonotonic = true;
  const observations = merged[merged.length - 1].count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < merged.length - 1 && !(merged[b].count >= rank)) b++;
  if (b === merged.length - 1) return merged[merged.length - 2].upper;
  if (b === 0 && merged[0].upper <= 0) return merged[0].upper;
  let start = 0;
  const end = merged[b].upper;
  let count = merged[b].count;
  if (b > 0) {
    start = merged[b - 1].upper;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  return start + (end - start) * (rank / count);
}

const bucketInfo = memoByLabels<{ upper: number; rest: Labels; key: string } | null>();

function infoOf(l: Labels): { upper: number; rest: Labels; key: string } | null {
  const le = l.le;
  if (le === undefined) return null;
  const upper = parseGoFloat(le);
  if (Number.isNaN(upper) && le.toLowerCase() !== "nan") return null;
  // Buckets group by all labels but `le`, the metric name included: two histograms whose other labels are equal
  // give two results with one label set, which the caller refuses (as Prometheus does) instead of pooling them.
  const { le: _le, ...withName } = l;
  const { le: _le2, ...rest } = dropName(l);
  return { upper, rest, key: labelsKey(withName) };
}

/** What histogram_quantile tells about its input (Prometheus' annotations), by metric name. */
export interface QuantileReport {
  badBucketLabel(metric: string, le: string): void;
  forcedMonotonicity(metric: string): void;
  mixedClassicNative(metric: string): void;
}

type ClassicGroups = Map<string, { labels: Labels; buckets: Bucket[] }>;

function classicGroups(vec: Sample[], report?: QuantileReport): ClassicGroups {
  const groups: ClassicGroups = new Map();
  for (const s of vec) {
    const info = bucketInfo(s.labels, infoOf);
    if (!info) {
      report?.badBucketLabel(s.labels.__name__ ?? "", s.labels.le ?? "");
      continue;
    }
    const { upper, rest, key } = info;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: rest, buckets: [] }));
    g.buckets.push({ upper, count: s.v });
  }
  return groups;
}

function classicQuantiles(q: number, groups: ClassicGroups, report?: QuantileReport): Sample[] {
  return [...groups.values()].map((g) => {
    const flags = { forcedMonotonic: false };
    const v = bucketQuantile(q, g.buckets, flags);
    // The group's labels no longer hold the metric name, so Prometheus names none here.
    if (flags.forcedMonotonic) report?.forcedMonotonicity("");
    return { labels: g.labels, v };
  });
}

export function histogramQuantile(q: number, vec: Sample[], report?: QuantileReport): Sample[] {
  return classicQuantiles(q, classicGroups(vec, report), report);
}

/** histogram_quantile over floats (classic buckets) and native histograms together. A native histogram with the
 * label set of a classic histogram's buckets (`le` aside) answers neither: Prometheus drops both and warns. */
export function mixedHistogramQuantile(
  q: number,
  vec: Sample[],
  native: (q: number, s: Sample) => Sample,
  report?: QuantileReport,
): Sample[] {
  const groups = classicGroups(
    vec.filter((s) => !s.h),
    report,
  );
  const out: Sample[] = [];
  for (const s of vec) {
    if (!s.h) continue;
    const key = labelsKey(s.labels);
    if (groups.get(key)?.buckets.length) {
      report?.mixedClassicNative(s.labels.__name__ ?? "");
      groups.delete(key);
      continue;
    }
    out.push(native(q, s));
  }
  return [...out, ...classicQuantiles(q, groups, report)];
}

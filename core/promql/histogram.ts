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

export function bucketQuantile(q: number, input: Bucket[]): number {
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
  for (const b of merged) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
  if (merged.length < 2) return NaN;
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

export function histogramQuantile(q: number, vec: Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of vec) {
    const info = bucketInfo(s.labels, infoOf);
    if (!info) continue;
    const { upper, rest, key } = info;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { labels: rest, buckets: [] }));
    g.buckets.push({ upper, count: s.v });
  }
  return [...groups.values()].map((g) => ({ labels: g.labels, v: bucketQuantile(q, g.buckets) }));
}

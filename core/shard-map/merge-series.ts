// After a shard count changes, one series may live in two objects (its home under an older epoch and under the
// newest). Reads merge the parts back into one series, so no sample is lost and none is counted twice.
import type { Labels, RawSeries } from "../promql/types";
import { seriesKey } from "../tsdb/labels";
import type { FloatHistogram } from "../histogram/float-histogram";

/** Series with the same labels merged into one (native histogram samples included): samples sorted by time, a timestamp present in several parts
 * kept once (the first part's value; a write retried across a switch stores the same sample twice). Series
 * found in one part only are passed through untouched. */
export function mergeSplitSeries(series: RawSeries[]): RawSeries[] {
  const byKey = new Map<string, RawSeries[]>();
  for (const s of series) {
    const k = seriesKey(s.labels);
    const parts = byKey.get(k);
    if (parts) parts.push(s);
    else byKey.set(k, [s]);
  }
  if (byKey.size === series.length) return series;
  const out: RawSeries[] = [];
  for (const parts of byKey.values()) out.push(parts.length === 1 ? parts[0] : mergeParts(parts[0].labels, parts));
  return out;
}

function mergeParts(labels: Labels, parts: RawSeries[]): RawSeries {
  const idx: { t: number; part: number; i: number }[] = [];
  parts.forEach((p, part) => {
    for (let i = 0; i < p.timestamps.length; i++) idx.push({ t: p.timestamps[i], part, i });
  });
  idx.sort((a, b) => a.t - b.t || a.part - b.part);
  const kept = idx.filter((s, j) => j === 0 || idx[j - 1].t !== s.t);
  const timestamps = new Float64Array(kept.length);
  const values = new Float64Array(kept.length);
  const withHistograms = parts.some((p) => p.histograms);
  const histograms: (FloatHistogram | undefined)[] = withHistograms ? new Array(kept.length).fill(undefined) : [];
  kept.forEach((s, j) => {
    timestamps[j] = s.t;
    copyValue(parts[s.part].values, s.i, values, j);
    if (withHistograms) histograms[j] = parts[s.part].histograms?.[s.i];
  });
  return withHistograms ? { labels, timestamps, values, histograms } : { labels, timestamps, values };
}

/** Copies one value bit for bit: a stale marker is a NaN with a payload, which only typed arrays keep
 * (core/promql/stale.ts). */
function copyValue(from: ArrayLike<number>, i: number, to: Float64Array, j: number) {
  if (from instanceof Float64Array) to.set(from.subarray(i, i + 1), j);
  else to[j] = from[i];
}

/** Distinct label sets, sorted by their canonical key. */
export function distinctLabelSets(sets: Labels[]): Labels[] {
  const byKey = new Map<string, Labels>();
  for (const l of sets) byKey.set(seriesKey(l), l);
  return [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, l]) => l);
}

// Per-minute good/total roll-ups: engine output on a minute grid -> one row per (group, minute). Pure.
import { BUCKET_MS } from "./sli";

export interface SeriesOnGrid {
  labels: Record<string, string>;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface BucketRow {
  /** Canonical JSON of the group's labels ("{}" for an ungrouped SLO). */
  group: string;
  /** End of the minute, ms (the minute covers (t - 1 m, t]). */
  t: number;
  good: number;
  total: number;
}

export function groupKey(labels: Record<string, string>, groupBy: readonly string[]): string {
  const out: Record<string, string> = {};
  for (const k of [...groupBy].sort()) out[k] = labels[k] ?? "";
  return JSON.stringify(out);
}

export const alignDown = (t: number) => Math.floor(t / BUCKET_MS) * BUCKET_MS;

function byKey(series: readonly SeriesOnGrid[], groupBy: readonly string[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const s of series) {
    const key = groupKey(s.labels, groupBy);
    const m = out.get(key) ?? new Map<number, number>();
    for (let i = 0; i < s.timestamps.length; i++) {
      const v = s.values[i];
      if (Number.isFinite(v)) m.set(s.timestamps[i], (m.get(s.timestamps[i]) ?? 0) + v);
    }
    out.set(key, m);
  }
  return out;
}

/**
 * Combine the roll-up queries' answers into rows. A minute with total traffic but no good (or bad) series
 * has 0 of those; good is clamped to [0, total] because counter extrapolation can overshoot by a hair.
 * Minutes without traffic produce no row: they neither spend nor earn budget.
 */
export function toBuckets(
  parts: { total: readonly SeriesOnGrid[]; good?: readonly SeriesOnGrid[]; bad?: readonly SeriesOnGrid[] },
  groupBy: readonly string[],
): BucketRow[] {
  const total = byKey(parts.total, groupBy);
  const good = parts.good ? byKey(parts.good, groupBy) : null;
  const bad = parts.bad ? byKey(parts.bad, groupBy) : null;
  const rows: BucketRow[] = [];
  for (const [group, perT] of total) {
    for (const [t, tot] of perT) {
      if (!(tot > 0)) continue;
      const g = good ? (good.get(group)?.get(t) ?? 0) : tot - (bad?.get(group)?.get(t) ?? 0);
      rows.push({ group, t, good: Math.min(tot, Math.max(0, g)), total: tot });
    }
  }
  return rows.sort((a, b) => a.t - b.t || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
}

/** Sum rows with t in (from, to], per group. */
export function sumWindow(
  rows: readonly BucketRow[],
  from: number,
  to: number,
): Map<string, { good: number; total: number }> {
  const out = new Map<string, { good: number; total: number }>();
  for (const r of rows) {
    if (r.t <= from || r.t > to) continue;
    const s = out.get(r.group) ?? { good: 0, total: 0 };
    s.good += r.good;
    s.total += r.total;
    out.set(r.group, s);
  }
  return out;
}

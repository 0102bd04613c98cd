// A range query over storage partitioned in time (a generation per day, a shard map epoch's switch) is evaluated
// in parts: the steps between two partition points form a group whose window storage may accept on its own, and
// a group's first steps, whose windows still reach back across a point, run over raw series instead.
import type { FloatHistogram } from "../../histogram/float-histogram";
import type { RangeSeries } from "../evaluator";
import { compareLabels, labelsKey } from "../labels";

/** Steps start, start+step, ... <= end of one part. */
export interface StepRange {
  start: number;
  end: number;
}

/** The grid start + k*step <= end cut at `points`: steps t < P go before a point P, steps t >= P after it.
 * Points outside (start, end] and parts without a step are dropped. */
export function cutSteps(start: number, end: number, step: number, points: number[]): StepRange[] {
  const last = start + Math.floor((end - start) / step) * step;
  const groups: StepRange[] = [];
  let from = start;
  for (const p of [...new Set(points)].filter((p) => p > start && p <= end).sort((a, b) => a - b)) {
    // First step at or after p.
    const next = start + Math.ceil((p - start) / step) * step;
    if (next > from) {
      groups.push({ start: from, end: next - step });
      from = next;
    }
  }
  if (from <= last) groups.push({ start: from, end: last });
  return groups;
}

/** The first step t of `g` from which `accepted(t)` holds, `accepted` being monotone (false, ..., true); past the
 * group's last step when it never holds. */
export async function firstAccepted(
  g: StepRange,
  step: number,
  accepted: (t: number) => Promise<boolean>,
): Promise<number> {
  // Most groups are accepted whole: one question.
  if (await accepted(g.start)) return g.start;
  let lo = 1;
  let hi = Math.floor((g.end - g.start) / step) + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (await accepted(g.start + mid * step)) hi = mid;
    else lo = mid + 1;
  }
  return g.start + lo * step;
}

/** The parts' series (each part's in its own time range, parts in time order) joined by label set, sorted. */
export function concatParts(parts: RangeSeries[][]): RangeSeries[] {
  if (parts.length === 1) return parts[0];
  const byKey = new Map<string, RangeSeries>();
  for (const part of parts) {
    for (const s of part) {
      const k = labelsKey(s.labels);
      const into = byKey.get(k);
      if (!into) {
        byKey.set(k, { labels: s.labels, ts: [...s.ts], vs: [...s.vs], ...(s.hs ? { hs: [...s.hs] } : {}) });
        continue;
      }
      if (s.hs && !into.hs) into.hs = new Array<FloatHistogram | undefined>(into.ts.length);
      for (let i = 0; i < s.ts.length; i++) {
        into.ts.push(s.ts[i]);
        into.vs.push(s.vs[i]);
        into.hs?.push(s.hs?.[i]);
      }
    }
  }
  return [...byKey.values()].sort((a, b) => compareLabels(a.labels, b.labels));
}

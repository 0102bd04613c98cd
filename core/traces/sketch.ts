// Mergeable quantile sketch (DDSketch-style log buckets, ~1% relative error) so shards can summarise
// durations without shipping them, and the worker can merge shards and windows exactly.

const ALPHA = 0.01;
const GAMMA = (1 + ALPHA) / (1 - ALPHA);
const LOG_GAMMA = Math.log(GAMMA);

export interface Sketch {
  count: number;
  zero: number;
  /** bucket index -> count; an object (not a Map) so it survives structured clone and JSON. */
  buckets: Record<number, number>;
  min: number;
  max: number;
}

export function newSketch(): Sketch {
  return { count: 0, zero: 0, buckets: {}, min: Infinity, max: -Infinity };
}

export function addToSketch(s: Sketch, v: number, n = 1): void {
  if (n <= 0) return;
  s.count += n;
  if (v < s.min) s.min = v;
  if (v > s.max) s.max = v;
  if (v <= 0) {
    s.zero += n;
    return;
  }
  const i = Math.ceil(Math.log(v) / LOG_GAMMA);
  s.buckets[i] = (s.buckets[i] ?? 0) + n;
}

export function mergeSketch(into: Sketch, from: Sketch): Sketch {
  into.count += from.count;
  into.zero += from.zero;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
  for (const [k, n] of Object.entries(from.buckets)) into.buckets[Number(k)] = (into.buckets[Number(k)] ?? 0) + n;
  return into;
}

/** q in [0,1]; null for an empty sketch. The answer is within ~1% of a true sample value and clamped to [min,max]. */
export function quantile(s: Sketch, q: number): number | null {
  if (s.count === 0) return null;
  const rank = q * (s.count - 1);
  if (rank < s.zero) return Math.max(0, s.min);
  let seen = s.zero;
  const keys = Object.keys(s.buckets)
    .map(Number)
    .sort((a, b) => a - b);
  for (const k of keys) {
    seen += s.buckets[k];
    if (seen > rank) {
      const v = (2 * Math.pow(GAMMA, k)) / (GAMMA + 1);
      return Math.min(s.max, Math.max(s.min, v));
    }
  }
  return s.max;
}

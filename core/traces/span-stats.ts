// Span statistics: shards accumulate per group (counts and a duration sketch), the worker merges shards
// and turns the two windows into rates and quantiles side by side.
import { addToSketch, mergeSketch, newSketch, quantile, type Sketch } from "./sketch";

/** Counts are adjusted counts: a span sampled with probability p counts 1 / p (1 when p is unknown), so they
 * estimate requests rather than count stored spans. */
export interface StatsAcc {
  count: number;
  errors: number;
  leafErrors: number;
  durations: Sketch;
  /** Stored spans whose sampling probability was known (tracestate th): the figures are weighted when > 0. */
  weighted: number;
}

export interface StatsGroup {
  key: string[];
  acc: StatsAcc;
}

export function newAcc(): StatsAcc {
  return { count: 0, errors: 0, leafErrors: 0, durations: newSketch(), weighted: 0 };
}

export function addSpan(acc: StatsAcc, durationUs: number, error: boolean, leafError: boolean): void {
  acc.count++;
  if (error) acc.errors++;
  if (leafError) acc.leafErrors++;
  addToSketch(acc.durations, durationUs);
}

/** Spans of the same duration at once (shards pre-aggregate in SQL): `n`, `errors` and `leafErrors` are adjusted
 * counts, so the sketch weighs the duration by how many requests it stands for; `weighted` is how many of the
 * stored spans carried a sampling probability. */
export function addSpans(
  acc: StatsAcc,
  durationUs: number,
  n: number,
  errors: number,
  leafErrors: number,
  weighted = 0,
): void {
  acc.count += n;
  acc.errors += errors;
  acc.leafErrors += leafErrors;
  acc.weighted += weighted;
  addToSketch(acc.durations, durationUs, n);
}

export function mergeAcc(into: StatsAcc, from: StatsAcc): StatsAcc {
  into.count += from.count;
  into.errors += from.errors;
  into.leafErrors += from.leafErrors;
  into.weighted += from.weighted ?? 0;
  mergeSketch(into.durations, from.durations);
  return into;
}

export function mergeGroups(parts: readonly (readonly StatsGroup[])[]): Map<string, StatsGroup> {
  const out = new Map<string, StatsGroup>();
  for (const part of parts) {
    for (const g of part) {
      const k = JSON.stringify(g.key);
      const have = out.get(k);
      if (have) mergeAcc(have.acc, g.acc);
      else out.set(k, { key: g.key, acc: mergeAcc(newAcc(), g.acc) });
    }
  }
  return out;
}

export interface StatsFigures {
  requests: number;
  requestsPerSec: number;
  errors: number;
  errorsPerSec: number;
  leafErrors: number;
  leafErrorsPerSec: number;
  errorRate: number;
  p50Ms: number | null;
  p99Ms: number | null;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

export function figures(acc: StatsAcc | undefined, windowSec: number): StatsFigures {
  const a = acc ?? newAcc();
  const per = (n: number) => (windowSec > 0 ? round(n / windowSec) : 0);
  const q = (p: number) => {
    const v = quantile(a.durations, p);
    return v === null ? null : round(v / 1000, 3);
  };
  return {
    requests: a.count,
    requestsPerSec: per(a.count),
    errors: a.errors,
    errorsPerSec: per(a.errors),
    leafErrors: a.leafErrors,
    leafErrorsPerSec: per(a.leafErrors),
    errorRate: a.count ? round(a.errors / a.count) : 0,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
  };
}

export interface StatsRow {
  key: Record<string, string>;
  current: StatsFigures;
  comparison: StatsFigures;
}

/** Rows sorted by current errors, then requests: the failing groups first. */
export function statsRows(
  groupBy: readonly string[],
  current: Map<string, StatsGroup>,
  comparison: Map<string, StatsGroup>,
  windowSec: number,
  compareSec: number,
): StatsRow[] {
  const keys = new Set([...current.keys(), ...comparison.keys()]);
  const rows: StatsRow[] = [];
  for (const k of keys) {
    const g = current.get(k) ?? comparison.get(k)!;
    rows.push({
      key: Object.fromEntries(groupBy.map((name, i) => [name, g.key[i] ?? ""])),
      current: figures(current.get(k)?.acc, windowSec),
      comparison: figures(comparison.get(k)?.acc, compareSec),
    });
  }
  return rows.sort(
    (a, b) =>
      b.current.leafErrors - a.current.leafErrors ||
      b.current.errors - a.current.errors ||
      b.current.requests - a.current.requests,
  );
}

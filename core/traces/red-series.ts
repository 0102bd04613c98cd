// RED time series of one service from span statistics: the window is cut into aligned buckets, each shard
// answers a stats request per bucket grouped by span kind, and this folds the answers into columns
// (requests/s, errors/s, error %, p99) that a chart can draw as they are.
import { figures, mergeGroups, newAcc, mergeAcc, type StatsAcc, type StatsGroup } from "./span-stats";
import type { TimeWindow } from "./time-params";

/** Steps a person reads without arithmetic; the first one giving at most `maxBuckets` buckets wins. */
const NICE_STEPS_MS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map(
  (s) => s * 1000,
);

export interface BucketPlan {
  stepMs: number;
  buckets: TimeWindow[];
}

/** Buckets aligned to multiples of the step (so reloads line up), clipped to the window at both ends. */
export function planBuckets(w: TimeWindow, maxBuckets: number): BucketPlan {
  const span = Math.max(1, w.endMs - w.startMs);
  const max = Math.max(1, Math.floor(maxBuckets));
  // A bucket more than the aligned count allows for the partial first bucket.
  const stepMs =
    NICE_STEPS_MS.find((s) => Math.ceil(span / s) + 1 <= max) ??
    Math.ceil(span / Math.max(1, max - 1) / 86_400_000) * 86_400_000;
  const buckets: TimeWindow[] = [];
  for (let t = Math.floor(w.startMs / stepMs) * stepMs; t < w.endMs; t += stepMs) {
    buckets.push({ startMs: Math.max(t, w.startMs), endMs: Math.min(t + stepMs, w.endMs) });
  }
  return { stepMs, buckets };
}

/** What a service served: server and consumer spans (OTel kinds 2 and 5). */
const SERVED_KINDS = new Set(["2", "5"]);

export type RedBasis = "server" | "all";

export interface RedSeries {
  stepMs: number;
  /** Which spans were counted: served requests, or every span when the service has no server spans. */
  basis: RedBasis;
  t: number[]; // bucket start, epoch ms
  requestsPerSec: number[];
  errorsPerSec: number[];
  errorPct: (number | null)[];
  p99Ms: (number | null)[];
  /** Requests counted: spans weighted by their adjusted count. */
  spans: number;
  /** Some counted spans carried their sampling probability (tracestate th), so the figures are weighted by it. */
  weighted: boolean;
}

/** `perBucket[i]` holds every shard's groups (keyed by `[kind]`) for bucket i. */
export function foldRedSeries(plan: BucketPlan, perBucket: readonly (readonly (readonly StatsGroup[])[])[]): RedSeries {
  const merged = perBucket.map((shards) => mergeGroups(shards));
  const served = merged.some((m) => [...m.values()].some((g) => SERVED_KINDS.has(g.key[0] ?? "") && g.acc.count > 0));
  const basis: RedBasis = served ? "server" : "all";
  const out: RedSeries = {
    stepMs: plan.stepMs,
    basis,
    t: [],
    requestsPerSec: [],
    errorsPerSec: [],
    errorPct: [],
    p99Ms: [],
    spans: 0,
    weighted: false,
  };
  plan.buckets.forEach((b, i) => {
    const acc: StatsAcc = newAcc();
    for (const g of merged[i]?.values() ?? [])
      if (basis === "all" || SERVED_KINDS.has(g.key[0] ?? "")) mergeAcc(acc, g.acc);
    const f = figures(acc, (b.endMs - b.startMs) / 1000);
    out.t.push(b.startMs);
    out.requestsPerSec.push(f.requestsPerSec);
    out.errorsPerSec.push(f.errorsPerSec);
    // No requests means no error rate, not 0%: the chart shows a gap rather than a healthy-looking zero.
    out.errorPct.push(acc.count ? Math.round(f.errorRate * 10_000) / 100 : null);
    out.p99Ms.push(f.p99Ms);
    out.spans += acc.count;
    out.weighted ||= acc.weighted > 0;
  });
  return out;
}

// One service's RED time series from its own metrics, when a server family covers it: range queries with the
// same expressions as the figures, returned with the PromQL so the page can open each chart in the explorer.
import { familyQueries, promDuration } from "../../core/services/queries";
import type { ScopeMatcher } from "../../core/scope/promql-scope";
import type { TimeWindow } from "../../core/traces/time-params";
import type { Env } from "../env";
import { queryEngine } from "../metrics/engine";
import { detectFamilies } from "./detect";

export interface MetricRedSeries {
  family: string;
  familyTitle: string;
  queries: { requests: string; errors: string; p99: string | null };
  t: number[];
  requestsPerSec: number[];
  errorsPerSec: number[];
  errorPct: (number | null)[];
  p99Ms: (number | null)[];
}

/** Rates need at least two samples per range: never narrower than a minute, whatever the step. */
const MIN_RATE_RANGE_MS = 60_000;

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

export async function metricRedSeries(
  env: Env,
  service: string,
  window: TimeWindow,
  stepMs: number,
  scope: ScopeMatcher[],
): Promise<MetricRedSeries | null> {
  const det = await detectFamilies(env, { start: window.startMs, end: window.endMs }, scope);
  const f = det.families.find((x) => x.family.role === "server" && x.services.has(service));
  if (!f) return null;
  const q = familyQueries(f, promDuration(Math.max(stepMs, MIN_RATE_RANGE_MS)), { service });
  const engine = queryEngine(env);
  const start = Math.ceil(window.startMs / stepMs) * stepMs;
  const run = async (e: string | null) => {
    if (e === null || start > window.endMs) return new Map<number, number>();
    const series = await engine.rangeQueryNumeric(e, start, window.endMs, stepMs);
    const out = new Map<number, number>();
    for (const s of series) s.timestamps.forEach((t, i) => out.set(t, (out.get(t) ?? 0) + s.values[i]));
    return out;
  };
  const [req, err, p99] = await Promise.all([run(q.requests), run(q.errors), run(q.p99)]);
  const t: number[] = [];
  for (let x = start; x <= window.endMs; x += stepMs) t.push(x);
  const num = (m: Map<number, number>, x: number) => {
    const v = m.get(x);
    return v === undefined || !Number.isFinite(v) ? null : v;
  };
  return {
    family: f.family.id,
    familyTitle: f.family.title,
    queries: { requests: q.requests, errors: q.errors, p99: q.p99 },
    t,
    requestsPerSec: t.map((x) => r4(num(req, x) ?? 0)),
    errorsPerSec: t.map((x) => r4(num(err, x) ?? 0)),
    errorPct: t.map((x) => {
      const r = num(req, x);
      return r ? Math.round(((num(err, x) ?? 0) / r) * 10_000) / 100 : null;
    }),
    p99Ms: t.map((x) => {
      const v = num(p99, x);
      return v === null ? null : Math.round(v * 1000 * 10) / 10;
    }),
  };
}

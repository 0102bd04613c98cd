// Per-service and per-call RED figures from the services' own metrics for a window and its baseline: every
// detected family's queries, evaluated once at the end of each window over the window's length.
import { calleeService, foldFamily, type FamilyAnswer } from "../../core/services/fold";
import { familyQueries, promDuration } from "../../core/services/queries";
import type { ScopeMatcher } from "../../core/scope/promql-scope";
import type { RedFigures } from "../../core/traces/service-graph";
import type { TimeWindow } from "../../core/traces/time-params";
import type { Env } from "../env";
import { queryEngine } from "../metrics/engine";
import { detectFamilies, type DetectedFamily, type Detection } from "./detect";

export interface MetricFigure {
  current: RedFigures;
  baseline: RedFigures;
  /** The family the figures come from. */
  family: string;
}

export interface MetricCall extends MetricFigure {
  caller: string;
  /** A known service, or the host as the metrics name it. */
  callee: string;
  external: boolean;
}

export interface MetricGraph {
  services: Map<string, MetricFigure>;
  calls: MetricCall[];
  detection: Detection;
}

export const EMPTY_RED: RedFigures = { requestsPerMin: 0, errorsPerMin: 0, errorRate: 0, p50Ms: null, p99Ms: null };

async function answer(env: Env, f: DetectedFamily, w: TimeWindow): Promise<FamilyAnswer> {
  const engine = queryEngine(env);
  const by = f.family.role === "server" ? [f.serviceLabel] : [f.serviceLabel, f.peerLabel ?? ""];
  const q = familyQueries(f, promDuration(w.endMs - w.startMs), { by });
  const run = async (e: string | null) =>
    e === null
      ? []
      : (await engine.instantQueryNumeric(e, w.endMs)).map((s) => ({ labels: s.labels, value: s.values[0] }));
  const [requests, errors, p50, p99] = await Promise.all([run(q.requests), run(q.errors), run(q.p50), run(q.p99)]);
  return { requests, errors, p50, p99 };
}

export async function metricServiceGraph(
  env: Env,
  window: TimeWindow,
  baseline: TimeWindow,
  scope: ScopeMatcher[],
): Promise<MetricGraph> {
  const detection = await detectFamilies(env, { start: baseline.startMs, end: window.endMs }, scope);
  const folded = await Promise.all(
    detection.families.map(async (f) => {
      const [cur, base] = await Promise.all([answer(env, f, window), answer(env, f, baseline)]);
      return { f, cur: foldFamily(f, cur), base: foldFamily(f, base) };
    }),
  );
  const services = new Map<string, MetricFigure>();
  // Families come in order of preference: a service keeps the figures of the first family that has it.
  for (const { f, cur, base } of folded) {
    if (f.family.role !== "server") continue;
    for (const k of new Set([...cur.keys(), ...base.keys()]))
      if (!services.has(k))
        services.set(k, { current: cur.get(k) ?? EMPTY_RED, baseline: base.get(k) ?? EMPTY_RED, family: f.family.id });
  }
  const known = new Set([...services.keys(), ...detection.families.flatMap((f) => [...f.services])]);
  const calls = new Map<string, MetricCall>();
  for (const { f, cur, base } of folded) {
    if (f.family.role === "server") continue;
    for (const k of new Set([...cur.keys(), ...base.keys()])) {
      const [caller, peer] = k.split("\u0000");
      const svc = f.family.role === "graph" ? peer : calleeService(peer, known);
      const callee = svc ?? peer;
      const key = `${caller}\u0000${callee}`;
      if (calls.has(key)) continue;
      calls.set(key, {
        caller,
        callee,
        external: svc === null,
        current: cur.get(k) ?? EMPTY_RED,
        baseline: base.get(k) ?? EMPTY_RED,
        family: f.family.id,
      });
    }
  }
  return { services, calls: [...calls.values()], detection };
}

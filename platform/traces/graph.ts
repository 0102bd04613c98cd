// Service graph across shards for a window and its baseline.
import type { SpanFilter } from "../../core/traces/contracts";
import { buildServiceGraph } from "../../core/traces/service-graph";
import type { TimeWindow } from "../../core/traces/time-params";
import type { Env } from "../env";
import { shiftFilter } from "../../core/traces/time-params";
import { traceShardsFor } from "./shards";

export async function serviceGraphAcrossShards(
  env: Env,
  filter: SpanFilter,
  window: TimeWindow,
  baseline: TimeWindow,
  focus?: string,
) {
  const baseFilter = shiftFilter(filter, baseline);
  const [cur, base] = await Promise.all([
    traceShardsFor(env, filter.startUs, filter.endUs).then((shards) => Promise.all(shards.map((s) => s.graph(filter)))),
    traceShardsFor(env, baseFilter.startUs, baseFilter.endUs).then((shards) =>
      Promise.all(shards.map((s) => s.graph(baseFilter))),
    ),
  ]);
  const graph = buildServiceGraph({
    current: { edges: cur.map((p) => p.edges), nodes: cur.map((p) => p.nodes) },
    baseline: { edges: base.map((p) => p.edges), nodes: base.map((p) => p.nodes) },
    minutes: (window.endMs - window.startMs) / 60_000,
    baselineMinutes: (baseline.endMs - baseline.startMs) / 60_000,
    focus,
  });
  return {
    window,
    baselineWindow: baseline,
    ...graph,
    scannedSpans: [...cur, ...base].reduce((n, p) => n + p.scanned, 0),
    truncated: [...cur, ...base].some((p) => p.truncated),
  };
}

// The service graph's edges as incident correlation needs them: who calls whom, from the spans of a bounded window
// (one graph query per trace shard, each scan capped by the shard), without figures or a baseline.
import type { ServiceEdge } from "../../core/oncall/correlate";
import type { Env } from "../env";
import { traceShardsFor } from "../traces/shards";

export interface EdgeWindow {
  startMs: number;
  endMs: number;
}
export type ServiceEdgesOf = (w: EdgeWindow) => Promise<ServiceEdge[]>;

/** Calls seen this long before the earliest breach still count: a quiet caller may have called less since. */
export const GRAPH_LOOKBACK_MS = 30 * 60_000;
/** The longest window read; beyond it the graph's start is moved up. */
const MAX_GRAPH_WINDOW_MS = 6 * 3_600_000;

/** The window to read for alerts breaching between `first` and `last`. */
export function edgeWindow(first: number, last: number, after: number): EdgeWindow {
  const endMs = last + after;
  return { startMs: Math.max(first - GRAPH_LOOKBACK_MS, endMs - MAX_GRAPH_WINDOW_MS), endMs };
}

export function serviceEdgesFrom(env: Env): ServiceEdgesOf {
  return async (w) => {
    const startUs = Math.floor(w.startMs * 1000);
    const endUs = Math.floor(w.endMs * 1000);
    const parts = await Promise.all(
      (await traceShardsFor(env, startUs, endUs)).map((s) => s.graph({ startUs, endUs, matchers: [] })),
    );
    const seen = new Map<string, ServiceEdge>();
    for (const p of parts)
      for (const e of p.edges) seen.set(`${e.caller}\u0000${e.callee}`, { caller: e.caller, callee: e.callee });
    return [...seen.values()];
  };
}

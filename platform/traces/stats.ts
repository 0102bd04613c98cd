// Span statistics across shards for a window and its comparison window.
import type { SpanFilter } from "../../core/traces/contracts";
import { mergeGroups, statsRows, type StatsRow } from "../../core/traces/span-stats";
import type { TimeWindow } from "../../core/traces/time-params";
import type { Env } from "../env";
import { shiftFilter } from "../../core/traces/time-params";
import { traceShardsFor } from "./shards";

export interface StatsResult {
  groupBy: string[];
  window: TimeWindow;
  comparisonWindow: TimeWindow;
  rows: StatsRow[];
  scannedSpans: number;
  truncated: boolean;
}

export async function spanStatsAcrossShards(
  env: Env,
  filter: SpanFilter,
  groupBy: string[],
  window: TimeWindow,
  comparison: TimeWindow,
): Promise<StatsResult> {
  const cmpFilter = shiftFilter(filter, comparison);
  const [cur, cmp] = await Promise.all([
    traceShardsFor(env, filter.startUs, filter.endUs).then((shards) =>
      Promise.all(shards.map((s) => s.stats({ ...filter, groupBy }))),
    ),
    traceShardsFor(env, cmpFilter.startUs, cmpFilter.endUs).then((shards) =>
      Promise.all(shards.map((s) => s.stats({ ...cmpFilter, groupBy }))),
    ),
  ]);
  const sec = (w: TimeWindow) => (w.endMs - w.startMs) / 1000;
  return {
    groupBy,
    window,
    comparisonWindow: comparison,
    rows: statsRows(
      groupBy,
      mergeGroups(cur.map((p) => p.groups)),
      mergeGroups(cmp.map((p) => p.groups)),
      sec(window),
      sec(comparison),
    ),
    scannedSpans: [...cur, ...cmp].reduce((n, p) => n + p.scanned, 0),
    truncated: [...cur, ...cmp].some((p) => p.truncated),
  };
}

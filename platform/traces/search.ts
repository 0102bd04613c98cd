// Trace search across shards: each shard returns its newest page (plus one, to know whether more exist)
// after the cursor; the merge keeps the global order so the next cursor is exact.
import type { SearchRequest, TraceSummary } from "../../core/traces/contracts";
import { mergeTraceSummaries } from "../../core/shard-map/merge-traces";
import { compareSummaries } from "../../core/traces/trace-summary";
import { encodeCursor } from "../../core/traces/time-params";
import type { Env } from "../env";
import { traceShardsFor } from "./shards";

export interface SearchResult {
  traces: TraceSummary[];
  nextCursor: string | null;
  scannedSpans: number;
  truncated: boolean;
}

export async function searchAllShards(env: Env, req: SearchRequest): Promise<SearchResult> {
  const shards = await traceShardsFor(env, req.startUs, req.endUs);
  const parts = await Promise.all(shards.map((s) => s.search({ ...req, limit: req.limit + 1 })));
  // A trace with spans in two objects (its homes before and after a change of TRACE_SHARDS, or the generations
  // of two days when it crosses midnight) is listed once.
  const all = mergeTraceSummaries(parts.flatMap((p) => p.traces)).sort(compareSummaries);
  const traces = all.slice(0, req.limit);
  const last = traces.at(-1);
  return {
    traces,
    nextCursor: all.length > req.limit && last ? encodeCursor({ t: last.matchedAtUs, traceId: last.traceId }) : null,
    scannedSpans: parts.reduce((n, p) => n + p.scanned, 0),
    truncated: parts.some((p) => p.truncated),
  };
}

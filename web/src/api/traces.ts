// Trace API client: search, span statistics and one trace (flame tree, critical path, leaf errors).
import { spanStatsSchema, traceSearchSchema, traceViewSchema } from "../../../core/contracts/traces";
import { api, buildUrl } from "./client";

export const traceQueries = {
  all: ["traces"] as const,
  search: (q: Record<string, unknown>) => ["traces", "search", q] as const,
  stats: (q: Record<string, unknown>) => ["traces", "stats", q] as const,
  trace: (id: string) => ["traces", "trace", id] as const,
};

export type {
  FlameNode,
  Span,
  StatsFigures,
  StatsResult,
  TraceSummary,
  TraceView,
} from "../../../core/contracts/traces";
export type TraceQuery = Record<string, string | string[] | undefined>;

export const searchTraces = (query: TraceQuery, signal?: AbortSignal) =>
  api("/api/traces/search", traceSearchSchema, { query, signal });
export const traceStats = (query: TraceQuery, signal?: AbortSignal) =>
  api("/api/traces/stats", spanStatsSchema, { query, signal });
export const getTrace = (id: string, signal?: AbortSignal) =>
  api(`/api/traces/${encodeURIComponent(id)}`, traceViewSchema, { signal });
export const otlpTraceUrl = (id: string) => buildUrl(`/api/traces/${encodeURIComponent(id)}`, { format: "otlp" });

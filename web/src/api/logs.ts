// Logs API client: search (cursor pages, newest first) and the per-severity histogram.
import { logHistogramSchema, logPageSchema } from "../../../core/contracts/logs";
import { api } from "./client";

export const logQueries = {
  all: ["logs"] as const,
  search: (q: Record<string, unknown>) => ["logs", "search", q] as const,
  histogram: (q: Record<string, unknown>) => ["logs", "histogram", q] as const,
};

export type { LogHistogram, LogLine, LogPage } from "../../../core/contracts/logs";

export type LogQuery = Record<string, string | string[] | number | undefined>;
export const searchLogs = (query: LogQuery, signal?: AbortSignal) => api("/api/logs", logPageSchema, { query, signal });
export const logHistogram = (query: LogQuery, signal?: AbortSignal) =>
  api("/api/logs/histogram", logHistogramSchema, { query, signal });

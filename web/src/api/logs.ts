// Logs API client: search (cursor pages, newest first) and the per-severity histogram.
import { z } from "zod";
import { api } from "./client";

export const logQueries = {
  all: ["logs"] as const,
  search: (q: Record<string, unknown>) => ["logs", "search", q] as const,
  histogram: (q: Record<string, unknown>) => ["logs", "histogram", q] as const,
};

const lineSchema = z
  .object({
    id: z.string(),
    timeUs: z.number(),
    service: z.string(),
    severityNumber: z.number(),
    severityText: z.string(),
    level: z.string(),
    body: z.string(),
    traceId: z.string(),
    spanId: z.string(),
    attributes: z.record(z.string(), z.unknown()),
    resource: z.record(z.string(), z.unknown()),
  })
  .loose();
export type LogLine = z.infer<typeof lineSchema>;

const searchSchema = z
  .object({ logs: z.array(lineSchema), nextCursor: z.string().nullable(), truncated: z.boolean() })
  .loose();
export type LogPage = z.infer<typeof searchSchema>;
const histogramSchema = z
  .object({
    startUs: z.number(),
    stepUs: z.number(),
    buckets: z.array(z.number()),
    counts: z.record(z.string(), z.array(z.number())),
    truncated: z.boolean(),
  })
  .loose();
export type LogHistogram = z.infer<typeof histogramSchema>;

export type LogQuery = Record<string, string | string[] | number | undefined>;
export const searchLogs = (query: LogQuery, signal?: AbortSignal) => api("/api/logs", searchSchema, { query, signal });
export const logHistogram = (query: LogQuery, signal?: AbortSignal) =>
  api("/api/logs/histogram", histogramSchema, { query, signal });

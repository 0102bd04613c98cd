// Trace API client: search, span statistics and one trace (flame tree, critical path, leaf errors).
import { z } from "zod";
import { api, buildUrl } from "./client";

export const traceQueries = {
  all: ["traces"] as const,
  search: (q: Record<string, unknown>) => ["traces", "search", q] as const,
  stats: (q: Record<string, unknown>) => ["traces", "stats", q] as const,
  trace: (id: string) => ["traces", "trace", id] as const,
};

export type TraceQuery = Record<string, string | string[] | undefined>;

const summarySchema = z
  .object({
    traceId: z.string(),
    rootService: z.string(),
    rootOperation: z.string(),
    hasRoot: z.boolean(),
    startUs: z.number(),
    durationUs: z.number(),
    spanCount: z.number(),
    errorCount: z.number(),
    services: z.array(z.string()),
  })
  .loose();
export type TraceSummary = z.infer<typeof summarySchema>;

const searchSchema = z
  .object({ traces: z.array(summarySchema), nextCursor: z.string().nullable(), truncated: z.boolean() })
  .loose();

const figuresSchema = z
  .object({
    requests: z.number(),
    requestsPerSec: z.number(),
    errors: z.number(),
    errorsPerSec: z.number(),
    leafErrors: z.number(),
    leafErrorsPerSec: z.number(),
    errorRate: z.number(),
    p50Ms: z.number().nullable(),
    p99Ms: z.number().nullable(),
  })
  .loose();
export type StatsFigures = z.infer<typeof figuresSchema>;
const windowSchema = z.object({ startMs: z.number(), endMs: z.number() });
const statsSchema = z
  .object({
    groupBy: z.array(z.string()),
    window: windowSchema,
    comparisonWindow: windowSchema,
    rows: z.array(
      z.object({ key: z.record(z.string(), z.string()), current: figuresSchema, comparison: figuresSchema }),
    ),
    truncated: z.boolean(),
  })
  .loose();
export type StatsResult = z.infer<typeof statsSchema>;

export interface FlameNode {
  id: string;
  name: string;
  service: string;
  startUs: number;
  endUs: number;
  selfUs: number;
  error: boolean;
  shiftUs: number;
  stretchUs: number;
  orphan: boolean;
  children: FlameNode[];
}
const flameSchema: z.ZodType<FlameNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    service: z.string(),
    startUs: z.number(),
    endUs: z.number(),
    selfUs: z.number(),
    error: z.boolean(),
    shiftUs: z.number(),
    stretchUs: z.number(),
    orphan: z.boolean(),
    children: z.array(flameSchema),
  }),
);

const attrs = z.record(z.string(), z.unknown());
const spanSchema = z
  .object({
    traceId: z.string(),
    spanId: z.string(),
    parentSpanId: z.string(),
    name: z.string(),
    kind: z.number(),
    startUs: z.number(),
    endUs: z.number(),
    statusCode: z.number(),
    statusMessage: z.string(),
    service: z.string(),
    resource: attrs,
    attributes: attrs,
    events: z.array(z.object({ timeUs: z.number(), name: z.string(), attributes: attrs }).loose()),
  })
  .loose();
export type Span = z.infer<typeof spanSchema>;

const traceSchema = z
  .object({
    traceId: z.string(),
    startUs: z.number(),
    endUs: z.number(),
    durationUs: z.number(),
    spanCount: z.number(),
    errorCount: z.number(),
    services: z.array(z.string()),
    truncated: z.boolean(),
    spans: z.array(spanSchema),
    tree: flameSchema,
    orphans: z.array(z.string()),
    syntheticRoot: z.boolean(),
    criticalPath: z.array(z.object({ spanId: z.string(), startUs: z.number(), endUs: z.number() })),
    criticalTimeBySpan: z.record(z.string(), z.number()),
    leafErrors: z.array(
      z.object({ spanId: z.string(), service: z.string(), operation: z.string(), statusMessage: z.string() }).loose(),
    ),
  })
  .loose();
export type TraceView = z.infer<typeof traceSchema>;

export const searchTraces = (query: TraceQuery, signal?: AbortSignal) =>
  api("/api/traces/search", searchSchema, { query, signal });
export const traceStats = (query: TraceQuery, signal?: AbortSignal) =>
  api("/api/traces/stats", statsSchema, { query, signal });
export const getTrace = (id: string, signal?: AbortSignal) =>
  api(`/api/traces/${encodeURIComponent(id)}`, traceSchema, { signal });
export const otlpTraceUrl = (id: string) => buildUrl(`/api/traces/${encodeURIComponent(id)}`, { format: "otlp" });

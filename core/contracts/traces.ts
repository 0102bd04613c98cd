// Trace query answers: search, span statistics and one trace as the trace page draws it. Shared by the worker's
// contract tests and the web app. Loose objects: the web app reads what it knows and tolerates fields added later.
import { z } from "zod";
import type { FlameNode } from "../traces/flame-tree";

export type { FlameNode };

/** OTLP attribute values as decoded: strings, numbers, booleans, arrays and maps of them. */
const attributes = z.record(z.string(), z.unknown());

export const traceSummarySchema = z
  .object({
    traceId: z.string(),
    rootService: z.string(),
    rootOperation: z.string(),
    /** False when the root span has not arrived: root fields then describe the earliest span. */
    hasRoot: z.boolean(),
    startUs: z.number(),
    durationUs: z.number(),
    spanCount: z.number(),
    errorCount: z.number(),
    services: z.array(z.string()),
    matchedAtUs: z.number(),
  })
  .loose();
export type TraceSummary = z.infer<typeof traceSummarySchema>;
export const traceSearchSchema = z
  .object({
    traces: z.array(traceSummarySchema),
    /** Pass back as `cursor` for the next (older) page; null on the last. */
    nextCursor: z.string().nullable(),
    scannedSpans: z.number(),
    truncated: z.boolean(),
  })
  .loose();

export const statsFiguresSchema = z
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
export type StatsFigures = z.infer<typeof statsFiguresSchema>;
const timeWindow = z.object({ startMs: z.number(), endMs: z.number() });
export const spanStatsSchema = z
  .object({
    groupBy: z.array(z.string()),
    window: timeWindow,
    comparisonWindow: timeWindow,
    rows: z.array(
      z.object({ key: z.record(z.string(), z.string()), current: statsFiguresSchema, comparison: statsFiguresSchema }),
    ),
    scannedSpans: z.number(),
    truncated: z.boolean(),
  })
  .loose();
export type StatsResult = z.infer<typeof spanStatsSchema>;

export const flameNodeSchema: z.ZodType<FlameNode> = z.lazy(() =>
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
    children: z.array(flameNodeSchema),
  }),
);

export const spanSchema = z
  .object({
    traceId: z.string(),
    spanId: z.string(),
    /** "" for a root. */
    parentSpanId: z.string(),
    name: z.string(),
    /** OTLP SpanKind number. */
    kind: z.number(),
    startUs: z.number(),
    endUs: z.number(),
    /** OTLP Status.code: 0 unset, 1 ok, 2 error. */
    statusCode: z.number(),
    statusMessage: z.string(),
    service: z.string(),
    resource: attributes,
    attributes,
    scopeName: z.string(),
    scopeVersion: z.string(),
    events: z.array(z.object({ timeUs: z.number(), name: z.string(), attributes }).loose()),
    links: z.array(z.object({ traceId: z.string(), spanId: z.string(), attributes }).loose()),
    traceState: z.string().optional(),
  })
  .loose();
export type Span = z.infer<typeof spanSchema>;

/** GET /api/traces/:traceId (without `format=otlp`, which answers the trace as OTLP/JSON). */
export const traceViewSchema = z
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
    tree: flameNodeSchema,
    orphans: z.array(z.string()),
    syntheticRoot: z.boolean(),
    criticalPath: z.array(z.object({ spanId: z.string(), startUs: z.number(), endUs: z.number() })),
    criticalTimeBySpan: z.record(z.string(), z.number()),
    leafErrors: z.array(
      z.object({ spanId: z.string(), service: z.string(), operation: z.string(), statusMessage: z.string() }).loose(),
    ),
    leafErrorGroups: z.array(
      z
        .object({ service: z.string(), operation: z.string(), count: z.number(), messages: z.array(z.string()) })
        .loose(),
    ),
    links: z.object({ logs: z.string() }).loose(),
  })
  .loose();
export type TraceView = z.infer<typeof traceViewSchema>;

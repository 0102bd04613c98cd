// Response shapes of the services API (/api/services, /api/services/graph, /api/services/:name/red), shared by
// the worker and the web client. Every node, call and series carries `origin`: the services' own metrics,
// `weighted-spans` (spans carrying their sampling probability in tracestate th, each counting 1 / probability,
// so counts estimate request rates), or `spans` (no probability known: each stored span counts once).
import { z } from "zod";

export const figureOriginSchema = z.enum(["metrics", "spans", "weighted-spans"]);
export type FigureOrigin = z.infer<typeof figureOriginSchema>;

export const redSchema = z.object({
  requestsPerMin: z.number(),
  errorsPerMin: z.number(),
  errorRate: z.number(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type Red = z.infer<typeof redSchema>;

export const changeSchema = z.object({
  requestsPerMin: z.number().nullable(),
  errorsPerMin: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type Change = z.infer<typeof changeSchema>;

const windowSchema = z.object({ startMs: z.number(), endMs: z.number() });

export const figureSourcesSchema = z.object({
  families: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      role: z.enum(["server", "client", "graph"]),
      metric: z.string(),
      services: z.array(z.string()),
    }),
  ),
  unusable: z.array(z.object({ id: z.string(), title: z.string(), reason: z.string() })),
  spans: z.string(),
});
export type FigureSources = z.infer<typeof figureSourcesSchema>;

const sourced = { origin: figureOriginSchema, family: z.string().optional() };

export const serviceListSchema = z.object({
  window: windowSchema,
  baselineWindow: windowSchema,
  services: z.array(
    z.object({ service: z.string(), current: redSchema, baseline: redSchema, change: changeSchema, ...sourced }),
  ),
  sources: figureSourcesSchema,
  truncated: z.boolean(),
});
export type ServiceList = z.infer<typeof serviceListSchema>;

export const graphNodeSchema = z.object({
  id: z.string(),
  kind: z.enum(["service", "external"]),
  current: redSchema,
  baseline: redSchema,
  change: changeSchema,
  ...sourced,
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const graphEdgeSchema = z.object({
  source: z.string(),
  target: z.string(),
  external: z.boolean(),
  current: redSchema,
  baseline: redSchema,
  change: changeSchema,
  ...sourced,
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const serviceGraphSchema = z.object({
  service: z.string().nullable(),
  window: windowSchema,
  baselineWindow: windowSchema,
  nodes: z.array(graphNodeSchema),
  edges: z.array(graphEdgeSchema),
  sources: figureSourcesSchema,
  scannedSpans: z.number(),
  truncated: z.boolean(),
});
export type ServiceGraph = z.infer<typeof serviceGraphSchema>;

const nullableNums = z.array(z.number().nullable());
export const redSeriesSchema = z.object({
  service: z.string(),
  window: windowSchema,
  stepMs: z.number(),
  origin: figureOriginSchema,
  /** spans: which spans were counted (served requests, or all when the service serves none). */
  basis: z.enum(["server", "all"]),
  family: z.string().optional(),
  familyTitle: z.string().optional(),
  /** metrics: the PromQL behind each chart. */
  queries: z.object({ requests: z.string(), errors: z.string(), p99: z.string().nullable() }).optional(),
  t: z.array(z.number()),
  requestsPerSec: z.array(z.number()),
  errorsPerSec: z.array(z.number()),
  errorPct: nullableNums,
  p99Ms: nullableNums,
  /** spans counted, weighted by their adjusted count (null for metrics). */
  spans: z.number().nullable(),
  truncated: z.boolean(),
});
export type RedSeries = z.infer<typeof redSeriesSchema>;

// Services API client: the list with RED figures, the dependency graph around one service, and its RED series.
import { z } from "zod";
import { api } from "./client";

export const serviceQueries = {
  all: ["services"] as const,
  list: (q: Record<string, unknown>) => ["services", "list", q] as const,
  graph: (q: Record<string, unknown>) => ["services", "graph", q] as const,
  red: (name: string, q: Record<string, unknown>) => ["services", "red", name, q] as const,
};

const redSchema = z.object({
  requestsPerMin: z.number(),
  errorsPerMin: z.number(),
  errorRate: z.number(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type Red = z.infer<typeof redSchema>;
const changeSchema = z.object({
  requestsPerMin: z.number().nullable(),
  errorsPerMin: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});
export type Change = z.infer<typeof changeSchema>;
const windowSchema = z.object({ startMs: z.number(), endMs: z.number() });

const listSchema = z
  .object({
    window: windowSchema,
    baselineWindow: windowSchema,
    services: z.array(z.object({ service: z.string(), current: redSchema, baseline: redSchema, change: changeSchema })),
    truncated: z.boolean(),
  })
  .loose();
export type ServiceList = z.infer<typeof listSchema>;

const nodeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["service", "external"]),
    current: redSchema,
    baseline: redSchema,
    change: changeSchema,
  })
  .loose();
export type GraphNode = z.infer<typeof nodeSchema>;
const edgeSchema = z
  .object({
    source: z.string(),
    target: z.string(),
    external: z.boolean(),
    current: redSchema,
    baseline: redSchema,
    change: changeSchema,
  })
  .loose();
export type GraphEdge = z.infer<typeof edgeSchema>;
const graphSchema = z
  .object({
    service: z.string().nullable(),
    window: windowSchema,
    baselineWindow: windowSchema,
    nodes: z.array(nodeSchema),
    edges: z.array(edgeSchema),
    truncated: z.boolean(),
  })
  .loose();
export type ServiceGraph = z.infer<typeof graphSchema>;

export type ServiceQuery = Record<string, string | string[] | undefined>;
export const listServices = (query: ServiceQuery, signal?: AbortSignal) =>
  api("/api/services", listSchema, { query, signal });
export const serviceGraph = (query: ServiceQuery, signal?: AbortSignal) =>
  api("/api/services/graph", graphSchema, { query, signal });

const nullableNums = z.array(z.number().nullable());
const redSeriesSchema = z
  .object({
    service: z.string(),
    window: windowSchema,
    stepMs: z.number(),
    basis: z.enum(["server", "all"]),
    t: z.array(z.number()),
    requestsPerSec: z.array(z.number()),
    errorsPerSec: z.array(z.number()),
    errorPct: nullableNums,
    p99Ms: nullableNums,
    spans: z.number(),
    truncated: z.boolean(),
  })
  .loose();
export type RedSeries = z.infer<typeof redSeriesSchema>;
/** One service's requests/s, errors/s, error % and p99 per time bucket, computed from its spans. */
export const serviceRed = (name: string, query: ServiceQuery, signal?: AbortSignal) =>
  api(`/api/services/${encodeURIComponent(name)}/red`, redSeriesSchema, { query, signal });

// Services API client: the list with RED figures, the dependency graph around one service, and its RED series.
// Shapes come from core/contracts/services.ts, shared with the worker.
import {
  redSeriesSchema,
  serviceGraphSchema,
  serviceListSchema,
  type Change,
  type FigureSources,
  type GraphEdge,
  type GraphNode,
  type Red,
  type RedSeries,
  type ServiceGraph,
  type ServiceList,
} from "../../../core/contracts/services";
import { api } from "./client";

export type { Change, FigureSources, GraphEdge, GraphNode, Red, RedSeries, ServiceGraph, ServiceList };

export const serviceQueries = {
  all: ["services"] as const,
  list: (q: Record<string, unknown>) => ["services", "list", q] as const,
  graph: (q: Record<string, unknown>) => ["services", "graph", q] as const,
  red: (name: string, q: Record<string, unknown>) => ["services", "red", name, q] as const,
};

export type ServiceQuery = Record<string, string | string[] | undefined>;
export const listServices = (query: ServiceQuery, signal?: AbortSignal) =>
  api("/api/services", serviceListSchema, { query, signal });
export const serviceGraph = (query: ServiceQuery, signal?: AbortSignal) =>
  api("/api/services/graph", serviceGraphSchema, { query, signal });
/** One service's requests/s, errors/s, error % and p99 per step, from its metrics or its spans. */
export const serviceRed = (name: string, query: ServiceQuery, signal?: AbortSignal) =>
  api(`/api/services/${encodeURIComponent(name)}/red`, redSeriesSchema, { query, signal });

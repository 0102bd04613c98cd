// The Prometheus HTTP API wire format, shared with the worker (core/contracts/prometheus.ts).
import {
  promExemplarsSchema,
  promInstantSchema,
  promRangeSchema,
  promStringsSchema,
} from "../../../core/contracts/prometheus";
import { api } from "./client";

export type { ExemplarSeries, MatrixSeries, VectorSample } from "../../../core/contracts/prometheus";

export const queryRange = (q: { query: string; start: number; end: number; step: number }, signal?: AbortSignal) =>
  api("/api/v1/query_range", promRangeSchema, {
    method: "POST",
    body: new URLSearchParams({
      query: q.query,
      start: String(q.start / 1000),
      end: String(q.end / 1000),
      step: String(q.step),
    }),
    signal,
  }).then((r) => r.data.result);

export const queryInstant = (q: { query: string; time: number }, signal?: AbortSignal) =>
  api("/api/v1/query", promInstantSchema, {
    method: "POST",
    body: new URLSearchParams({ query: q.query, time: String(q.time / 1000) }),
    signal,
  }).then((r) => r.data);

/** Exemplars of the series a query selects (Prometheus' /api/v1/query_exemplars). */
export const queryExemplars = (q: { query: string; start: number; end: number }, signal?: AbortSignal) =>
  api("/api/v1/query_exemplars", promExemplarsSchema, {
    method: "POST",
    body: new URLSearchParams({ query: q.query, start: String(q.start / 1000), end: String(q.end / 1000) }),
    signal,
  }).then((r) => r.data);

export const labelNames = (match?: string) =>
  api("/api/v1/labels", promStringsSchema, { query: { "match[]": match } }).then((r) => r.data);
export const labelValues = (name: string, match?: string) =>
  api(`/api/v1/label/${encodeURIComponent(name)}/values`, promStringsSchema, { query: { "match[]": match } }).then(
    (r) => r.data,
  );
export const metricNames = () => labelValues("__name__");

/** A range query with the annotations Prometheus answers beside it (`warnings`; from 2.54 also `infos`). */
export const queryRangeAnnotated = (
  q: { query: string; start: number; end: number; step: number },
  signal?: AbortSignal,
) =>
  api("/api/v1/query_range", promRangeSchema, {
    method: "POST",
    body: new URLSearchParams({
      query: q.query,
      start: String(q.start / 1000),
      end: String(q.end / 1000),
      step: String(q.step),
    }),
    signal,
  }).then((r) => ({ result: r.data.result, warnings: r.warnings ?? [], infos: r.infos ?? [] }));

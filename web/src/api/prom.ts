// The Prometheus HTTP API wire format (standard, so defined here rather than in Vigil's contracts).
import { z } from "zod";
import { api } from "./client";

const sample = z.tuple([z.number(), z.string()]);
export const matrixSeries = z.object({ metric: z.record(z.string(), z.string()), values: z.array(sample) });
export const vectorSample = z.object({ metric: z.record(z.string(), z.string()), value: sample });
export type MatrixSeries = z.infer<typeof matrixSeries>;
export type VectorSample = z.infer<typeof vectorSample>;

const ok = <T extends z.ZodType>(data: T) =>
  z.object({ status: z.literal("success"), data, warnings: z.array(z.string()).optional() });

export const rangeResponse = ok(z.object({ resultType: z.literal("matrix"), result: z.array(matrixSeries) }));
export const instantResponse = ok(
  z.union([
    z.object({ resultType: z.literal("vector"), result: z.array(vectorSample) }),
    z.object({ resultType: z.literal("matrix"), result: z.array(matrixSeries) }),
    z.object({ resultType: z.literal("scalar"), result: sample }),
    z.object({ resultType: z.literal("string"), result: sample }),
  ]),
);
const strings = ok(z.array(z.string()));

export const exemplarSeries = z.object({
  seriesLabels: z.record(z.string(), z.string()),
  exemplars: z.array(z.object({ labels: z.record(z.string(), z.string()), value: z.string(), timestamp: z.number() })),
});
export type ExemplarSeries = z.infer<typeof exemplarSeries>;
export const exemplarsResponse = ok(z.array(exemplarSeries));

export const queryRange = (q: { query: string; start: number; end: number; step: number }, signal?: AbortSignal) =>
  api("/api/v1/query_range", rangeResponse, {
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
  api("/api/v1/query", instantResponse, {
    method: "POST",
    body: new URLSearchParams({ query: q.query, time: String(q.time / 1000) }),
    signal,
  }).then((r) => r.data);

/** Exemplars of the series a query selects (Prometheus' /api/v1/query_exemplars). */
export const queryExemplars = (q: { query: string; start: number; end: number }, signal?: AbortSignal) =>
  api("/api/v1/query_exemplars", exemplarsResponse, {
    method: "POST",
    body: new URLSearchParams({ query: q.query, start: String(q.start / 1000), end: String(q.end / 1000) }),
    signal,
  }).then((r) => r.data);

export const labelNames = (match?: string) =>
  api("/api/v1/labels", strings, { query: { "match[]": match } }).then((r) => r.data);
export const labelValues = (name: string, match?: string) =>
  api(`/api/v1/label/${encodeURIComponent(name)}/values`, strings, { query: { "match[]": match } }).then((r) => r.data);
export const metricNames = () => labelValues("__name__");

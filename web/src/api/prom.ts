// The Prometheus HTTP API wire format, shared with the worker (core/contracts/prometheus.ts).
import { z } from "zod";
import {
  histogramMatrixSeriesSchema,
  type MatrixSeries,
  promExemplarsSchema,
  promQueryWireSchema,
  promStringsSchema,
  promSuccessSchema,
  type VectorSample,
} from "../../../core/contracts/prometheus";
import { type HistSeries, toHistSeries } from "../charts/heatmap";
import { api } from "./client";
import { ApiRequestError } from "./errors";

export type { ExemplarSeries, MatrixSeries, VectorSample } from "../../../core/contracts/prometheus";

/** A range answer, native histograms included: every series has `values`, `histograms` or both (Prometheus'
 * marshalSeriesJSON), so one schema with both optional names the exact place of a bad field. */
export const promRangeAnySchema = promSuccessSchema(
  z.strictObject({ resultType: z.literal("matrix"), result: z.array(histogramMatrixSeriesSchema) }),
);

/** A range answer split by kind: float series for the line chart, histogram series for the heatmap. A series
 * holding both kinds (it changed from floats to histograms in the range) is in both. */
export interface RangeResult {
  floats: MatrixSeries[];
  histograms: HistSeries[];
  /** Prometheus' annotations beside the answer (`warnings`; from 2.54 also `infos`). */
  warnings: string[];
  infos: string[];
}

const rangeBody = (q: { query: string; start: number; end: number; step: number }) =>
  new URLSearchParams({
    query: q.query,
    start: String(q.start / 1000),
    end: String(q.end / 1000),
    step: String(q.step),
  });

const PATH = "/api/v1/query_range";

export async function queryRangeAll(
  q: { query: string; start: number; end: number; step: number },
  signal?: AbortSignal,
): Promise<RangeResult> {
  const r = await api(PATH, promRangeAnySchema, { method: "POST", body: rangeBody(q), signal });
  return { ...splitRange(r.data.result), warnings: r.warnings ?? [], infos: r.infos ?? [] };
}

/** Floats to one side, histograms (as numbers) to the other; a broken bucket is a contract error with its place. */
export function splitRange(
  result: z.infer<typeof promRangeAnySchema>["data"]["result"],
): Pick<RangeResult, "floats" | "histograms"> {
  const out: Pick<RangeResult, "floats" | "histograms"> = { floats: [], histograms: [] };
  result.forEach((s, i) => {
    if (s.values?.length || !s.histograms?.length) out.floats.push({ metric: s.metric, values: s.values ?? [] });
    if (!s.histograms?.length) return;
    try {
      out.histograms.push(toHistSeries(s, `data.result.${i}.`));
    } catch (e) {
      throw new ApiRequestError(`unexpected response from ${PATH}: ${(e as Error).message}`, 200, "CONTRACT");
    }
  });
  return out;
}

const histogramsHere = () =>
  new ApiRequestError("this query answers native histograms, which this chart does not draw", 200, "HISTOGRAMS");

/** Float series only, for the charts that draw lines: a native histogram answer is refused by name rather than
 * drawn as nothing. */
export async function queryRange(
  q: { query: string; start: number; end: number; step: number },
  signal?: AbortSignal,
): Promise<MatrixSeries[]> {
  const r = await queryRangeAll(q, signal);
  if (r.histograms.length) throw histogramsHere();
  return r.floats;
}

export const queryInstant = (q: { query: string; time: number }, signal?: AbortSignal) =>
  api("/api/v1/query", promQueryWireSchema, {
    method: "POST",
    body: new URLSearchParams({ query: q.query, time: String(q.time / 1000) }),
    signal,
  }).then((r) => {
    const d = r.data;
    if (d.resultType === "vector") {
      const floats = d.result.filter((s): s is VectorSample => "value" in s);
      if (floats.length < d.result.length) throw histogramsHere();
      return { resultType: d.resultType, result: floats };
    }
    if (d.resultType === "matrix") {
      const floats = d.result.filter((s) => !("histograms" in s && s.histograms?.length));
      if (floats.length < d.result.length) throw histogramsHere();
      return { resultType: d.resultType, result: floats.map((s) => ({ metric: s.metric, values: s.values ?? [] })) };
    }
    return d;
  });

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

// Query results in the Prometheus HTTP API's JSON form (web/api/v1 with util/jsonutil): a vector sample has
// `value` or, for a native histogram, `histogram`; a matrix series has `values` when it has float points and
// `histograms` when it has histogram points, each omitted when empty, as Prometheus' marshalSeriesJSON.
import type { FloatHistogram } from "../histogram/float-histogram";
import { histogramToJson, type JsonHistogram } from "../histogram/json";
import { formatJsonValue } from "./format-float";
import type { Labels } from "./types";
import type { Series } from "./value";

export type Point = [number, string];
export type HistogramPoint = [number, JsonHistogram];
export type VectorItem = { metric: Labels; value: Point } | { metric: Labels; histogram: HistogramPoint };
export interface MatrixItem {
  metric: Labels;
  values?: Point[];
  histograms?: HistogramPoint[];
}

const sec = (t: number) => t / 1000;

export function vectorItem(metric: Labels, t: number, v: number, h: FloatHistogram | undefined): VectorItem {
  return h ? { metric, histogram: [sec(t), histogramToJson(h)] } : { metric, value: [sec(t), formatJsonValue(v)] };
}

/** A range query's series: `hs`, when present, is index-aligned with `ts` (a histogram where set). */
export function stepsItem(
  metric: Labels,
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  hs: readonly (FloatHistogram | undefined)[] | undefined,
): MatrixItem {
  if (!hs) return { metric, values: Array.from(ts, (x, i) => [sec(x), formatJsonValue(vs[i])] as Point) };
  const values: Point[] = [];
  const histograms: HistogramPoint[] = [];
  for (let i = 0; i < ts.length; i++) {
    const h = hs[i];
    if (h) histograms.push([sec(ts[i]), histogramToJson(h)]);
    else values.push([sec(ts[i]), formatJsonValue(vs[i])]);
  }
  return withPoints(metric, values, histograms);
}

/** A range vector's series, its floats and histograms apart. */
export function windowItem(metric: Labels, s: Series): MatrixItem {
  const values = Array.from(s.ts, (x, i) => [sec(x), formatJsonValue(s.vs[i])] as Point);
  if (!s.hs || s.hs.length === 0) return { metric, values };
  const hts = s.hts!;
  return withPoints(
    metric,
    values,
    s.hs.map((h, i) => [sec(hts[i]), histogramToJson(h)] as HistogramPoint),
  );
}

function withPoints(metric: Labels, values: Point[], histograms: HistogramPoint[]): MatrixItem {
  const out: MatrixItem = { metric };
  if (values.length > 0) out.values = values;
  if (histograms.length > 0) out.histograms = histograms;
  return out;
}

/** Points of a series of either kind (what a response streams and limits by). */
export const pointsOf = (s: MatrixItem) => (s.values?.length ?? 0) + (s.histograms?.length ?? 0);

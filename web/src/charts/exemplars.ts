// Exemplars on charts: the points /api/v1/query_exemplars returns for a query, placed at their time and value,
// each linking to its trace. Pure: what to draw and where it leads; TimeSeriesChart places them.
import type { ExemplarSeries } from "../api/prom";

export interface ExemplarPoint {
  time: number; // epoch ms
  value: number;
  /** The exemplar's own labels (trace_id, span_id, …). */
  labels: Record<string, string>;
  /** The labels of the series the exemplar was recorded on. */
  series: Record<string, string>;
  traceId?: string;
}

/** At most this many points on one chart: a busy histogram keeps thousands, and a chart of them is a smear. */
export const MAX_EXEMPLARS = 300;

/** The trace an exemplar points at, under the names Prometheus, OpenTelemetry and Grafana use. */
export function traceIdOf(labels: Record<string, string>): string | undefined {
  for (const k of ["trace_id", "traceID", "traceId", "trace.id"]) {
    const v = labels[k];
    if (v && /^[0-9a-fA-F]{1,32}$/.test(v)) return v.toLowerCase().padStart(32, "0");
  }
  return undefined;
}

/**
 * Points for a chart: every exemplar in [start, end] (ms) with a finite value, scaled as the chart's values are
 * (`scale`), newest first when there are more than `max` (the recent ones are the ones a person follows).
 */
export function exemplarPoints(
  result: readonly ExemplarSeries[],
  start: number,
  end: number,
  scale = 1,
  max = MAX_EXEMPLARS,
): { points: ExemplarPoint[]; total: number } {
  const all: ExemplarPoint[] = [];
  for (const s of result)
    for (const e of s.exemplars) {
      const time = Math.round(e.timestamp * 1000);
      const value = Number(e.value) * scale;
      if (!Number.isFinite(value) || time < start || time > end) continue;
      all.push({ time, value, labels: e.labels, series: s.seriesLabels, traceId: traceIdOf(e.labels) });
    }
  all.sort((a, b) => b.time - a.time);
  return { points: all.slice(0, max).reverse(), total: all.length };
}

/** One line for a screen reader and the hover card's title. */
export function describeExemplar(p: ExemplarPoint, value: string, time: string): string {
  const what = p.traceId ? `trace ${p.traceId.slice(0, 16)}` : "no trace";
  return `Exemplar ${value} at ${time}, ${what}`;
}

// What a snapshot chart cell stores: the answer as it was drawn, floats and native histograms, with its window.
// Histograms are kept in Prometheus' JSON form (about half the bytes of the parsed numbers, and the same schema
// the query answer was checked with), so a cell reads back through the same contract.
import { z } from "zod";
import { histogramMatrixSeriesSchema } from "../../../../core/contracts/prometheus";
import type { SeriesIn } from "../../charts/aligned";
import { type HistSeries, toHistSeries, type WireHistogramSeries } from "../../charts/heatmap";

export interface SnapshotWindow {
  start: number;
  end: number;
  step: number;
}

const wireFloat = (v: number) =>
  v === Number.POSITIVE_INFINITY ? "+Inf" : v === Number.NEGATIVE_INFINITY ? "-Inf" : String(v);

/** A parsed histogram series back in the API's JSON form. */
export function toWireSeries(s: HistSeries): WireHistogramSeries {
  return {
    metric: s.metric,
    histograms: s.points.map((p) => [
      p.t,
      {
        count: wireFloat(p.count),
        sum: wireFloat(p.sum),
        buckets: p.buckets.map((b) => [b.rule, wireFloat(b.lower), wireFloat(b.upper), wireFloat(b.count)]),
      },
    ]),
  };
}

/** The `data` of a snapshot_chart cell (a histogram-free answer stores no `histograms`, as before). */
export function snapshotData(series: SeriesIn[], histograms: HistSeries[], win: SnapshotWindow) {
  const h = histograms.length ? { histograms: histograms.map(toWireSeries) } : {};
  return { series, ...h, start: win.start, end: win.end, step: win.step };
}

const stored = z.object({
  histograms: z.array(histogramMatrixSeriesSchema).max(100).optional(),
  step: z.number().positive().optional(),
  start: z.number().optional(),
  end: z.number().optional(),
});

export interface StoredSnapshot {
  series: SeriesIn[];
  histograms: HistSeries[];
  /** Why the stored histograms could not be read (the cell then shows the floats and says so). */
  problem?: string;
  step?: number;
  start?: number;
  end?: number;
}

/** A cell's stored data, old forms included (a bare series array, or `{ series }` without a window). */
export function readSnapshot(data: unknown): StoredSnapshot {
  const d = data as { series?: SeriesIn[] } | SeriesIn[] | null;
  const raw = Array.isArray(d) ? d : Array.isArray(d?.series) ? d.series : [];
  const series = raw.filter((x) => x && typeof x === "object" && Array.isArray(x.values));
  if (Array.isArray(d) || !d || typeof d !== "object") return { series, histograms: [] };
  const r = stored.safeParse(d);
  if (!r.success) {
    const i = r.error.issues[0];
    return { series, histograms: [], problem: `stored histograms unreadable at ${i?.path.join(".")}: ${i?.message}` };
  }
  try {
    const histograms = (r.data.histograms ?? []).map((s, k) => toHistSeries(s, `histograms.${k}.`));
    return { series, histograms, step: r.data.step, start: r.data.start, end: r.data.end };
  } catch (e) {
    return { series, histograms: [], problem: (e as Error).message };
  }
}

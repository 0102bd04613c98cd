// What a snapshot chart cell stores: the answer as it was drawn, floats and native histograms, with its window.
// Histograms are kept in Prometheus' JSON form (about half the bytes of the parsed numbers, and the same schema
// the query answer was checked with), so a cell reads back through the same contract.
import { z } from "zod";
import { NOTEBOOK_LIMITS } from "../../../../core/contracts/notebooks";
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

export interface SnapshotCellData extends SnapshotWindow {
  series: SeriesIn[];
  histograms?: WireHistogramSeries[];
  histogramStep?: number;
}

const utf8 = new TextEncoder();
const bytesOf = (v: unknown) => utf8.encode(JSON.stringify(v)).length;

/** Room for the data in one cell: the server refuses a cell over NOTEBOOK_LIMITS.cellBytes, and the query and the
 * cell's other fields take the rest. */
export const SNAPSHOT_BUDGET = NOTEBOOK_LIMITS.cellBytes - 16 * 1024;

/** The `data` of a snapshot_chart cell (a histogram-free answer stores no `histograms`, as before). A histogram
 * answer over the budget (a fine schema has dozens of buckets per step) keeps every k-th step, the smallest k that
 * fits, and says so with `histogramStep` (k steps): the heatmap then draws each kept column k steps wide. */
export function snapshotData(
  series: SeriesIn[],
  histograms: HistSeries[],
  win: SnapshotWindow,
  budget = SNAPSHOT_BUDGET,
): SnapshotCellData {
  const base = { series, start: win.start, end: win.end, step: win.step };
  if (!histograms.length) return base;
  const wire = histograms.map(toWireSeries);
  const full = bytesOf({ ...base, histograms: wire });
  if (full <= budget) return { ...base, histograms: wire };
  const t0 = Math.round(win.start / 1000);
  // Steps are kept by their place on the query's grid, so every series keeps the same columns.
  const every = (k: number) =>
    wire.map((s) => ({
      ...s,
      histograms: (s.histograms ?? []).filter(([t]) => Math.round((t - t0) / win.step) % k === 0),
    }));
  for (let k = Math.max(2, Math.floor(full / budget)); ; k++) {
    const kept = every(k);
    const points = kept.reduce((n, s) => n + (s.histograms?.length ?? 0), 0);
    const data = { ...base, histograms: kept, histogramStep: win.step * k };
    if (bytesOf(data) <= budget || points <= kept.length) return data;
  }
}

const stored = z.object({
  histograms: z.array(histogramMatrixSeriesSchema).max(100).optional(),
  step: z.number().positive().optional(),
  histogramStep: z.number().positive().optional(),
  start: z.number().optional(),
  end: z.number().optional(),
});

export interface StoredSnapshot {
  series: SeriesIn[];
  histograms: HistSeries[];
  /** Why the stored histograms could not be read (the cell then shows the floats and says so). */
  problem?: string;
  step?: number;
  /** Set when the cell kept every k-th step to fit: the histograms' column width, k steps. */
  histogramStep?: number;
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
    const { step, histogramStep, start, end } = r.data;
    return { series, histograms, step, start, end, ...(histogramStep ? { histogramStep } : {}) };
  } catch (e) {
    return { series, histograms: [], problem: (e as Error).message };
  }
}

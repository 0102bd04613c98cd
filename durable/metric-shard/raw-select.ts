// Raw samples for what cannot be evaluated in the shard (timestamp(), a range vector answered as such, DDx's
// grids): pages of whole series in series-id order, each page bounded in bytes so no RPC value comes near
// the 32 MiB limit; the caller resumes after the last id of a page.
import { z } from "zod";
import { LIMIT_ERROR_PREFIX, type SelectedSeries } from "../../platform/metrics/shard-rpc";
import type { MatchedSeries } from "./lookup";
import { type ColdSource, type HeadView, readSeries, SampleBuffers } from "./reader";
import { mergeWithHistograms, readHistograms } from "./hist-read";
import type { HistSample } from "../../core/tsdb/hist-chunk";

export const pageOptionsSchema = z
  .object({
    after: z.number().int().optional(),
    maxBytes: z
      .number()
      .int()
      .positive()
      .max(24 * 1024 * 1024),
    maxSamples: z.number().int().positive().optional(),
  })
  .strict();

export type PageOptions = z.infer<typeof pageOptionsSchema>;

export interface Page {
  series: SelectedSeries[];
  /** Resume after this series id; null when the selection is complete. */
  next: number | null;
  samples: number;
}

/** Bytes one selected series costs on the wire and once received (a histogram sample: its fields and buckets). */
function seriesBytes(s: MatchedSeries, n: number, hs?: HistSample[]): number {
  let b = 128 + 16 * n;
  for (const k in s.labels) b += 2 * (k.length + s.labels[k].length) + 32;
  for (const h of hs ?? [])
    b += 160 + 8 * (h.h.positiveBuckets.length + h.h.negativeBuckets.length + h.h.customValues.length);
  return b;
}

/** `matched` must be sorted by id. `cold` and `histCold` read the cold tier's float and histogram blocks. */
export async function selectPage(
  sql: SqlStorage,
  matched: MatchedSeries[],
  start: number,
  end: number,
  opts: PageOptions,
  headOf: (id: number) => HeadView | undefined,
  cold?: ColdSource,
  histCold?: ColdSource,
): Promise<Page> {
  let lo = 0;
  if (opts.after !== undefined) {
    let hi = matched.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (matched[mid].id <= opts.after) lo = mid + 1;
      else hi = mid;
    }
  }
  const out: SelectedSeries[] = [];
  let bytes = 0;
  let samples = 0;
  let last: number | null = null;
  const rest = matched.slice(lo);
  const byId = new Map(rest.map((s) => [s.id, s]));
  // Histogram samples live in their own chunk rows: read them for the remaining series up front, then give each
  // series its floats and histograms together, in id order (a series may hold only histograms).
  const hists = await readHistograms(
    sql,
    rest.map((s) => s.id),
    start,
    end,
    histCold,
  );
  const histOnly = [...hists.keys()].sort((a, b) => a - b);
  let h = 0;
  const empty = new Float64Array(0);
  // Adds one series; false when the page is full before it.
  const add = (id: number, ts: Float64Array, vs: Float64Array, n: number): boolean => {
    const m = byId.get(id)!;
    const hs = hists.get(id);
    const count = n + (hs?.length ?? 0);
    const b = seriesBytes(m, n, hs);
    if (out.length > 0 && bytes + b > opts.maxBytes) return false;
    if (b > opts.maxBytes)
      throw new Error(`${LIMIT_ERROR_PREFIX} one series holds more than ${opts.maxBytes} bytes in the time range`);
    samples += count;
    if (opts.maxSamples !== undefined && samples > opts.maxSamples)
      throw new Error(
        `${LIMIT_ERROR_PREFIX} more than ${opts.maxSamples} samples in one shard; narrow the selector or the time range`,
      );
    bytes += b;
    last = id;
    if (hs) out.push({ labels: m.labels, ...mergeWithHistograms(ts, vs, n, hs) });
    // A same-type typed-array slice copies bytes: NaN payloads (stale markers) survive.
    else out.push({ labels: m.labels, timestamps: ts.slice(0, n), values: vs.slice(0, n) });
    return true;
  };
  for (const s of readSeries(sql, rest, start, end, headOf, new SampleBuffers(), cold)) {
    if (s instanceof Promise) {
      await s;
      continue;
    }
    for (; h < histOnly.length && histOnly[h] < s.id; h++)
      if (!add(histOnly[h], empty, empty, 0)) return { series: out, next: last, samples };
    if (h < histOnly.length && histOnly[h] === s.id) h++;
    if (!add(s.id, s.ts, s.vs, s.n)) return { series: out, next: last, samples };
  }
  for (; h < histOnly.length; h++) if (!add(histOnly[h], empty, empty, 0)) return { series: out, next: last, samples };
  return { series: out, next: null, samples };
}

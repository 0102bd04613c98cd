// Raw samples for what cannot be evaluated in the shard (timestamp(), a range vector answered as such, DDx's
// grids): pages of whole series in series-id order, each page bounded in bytes so no RPC value comes near
// the 32 MiB limit; the caller resumes after the last id of a page.
import { z } from "zod";
import { LIMIT_ERROR_PREFIX, type SelectedSeries } from "../../platform/metrics/shard-rpc";
import type { MatchedSeries } from "./lookup";
import { type ColdSource, type HeadView, readSeries, SampleBuffers } from "./reader";

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

/** Bytes one selected series costs on the wire and once received. */
function seriesBytes(s: MatchedSeries, n: number): number {
  let b = 128 + 16 * n;
  for (const k in s.labels) b += 2 * (k.length + s.labels[k].length) + 32;
  return b;
}

/** `matched` must be sorted by id. */
export async function selectPage(
  sql: SqlStorage,
  matched: MatchedSeries[],
  start: number,
  end: number,
  opts: PageOptions,
  headOf: (id: number) => HeadView | undefined,
  cold?: ColdSource,
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
  const byId = new Map(matched.slice(lo).map((s) => [s.id, s]));
  for (const s of readSeries(sql, matched.slice(lo), start, end, headOf, new SampleBuffers(), cold)) {
    if (s instanceof Promise) {
      await s;
      continue;
    }
    const b = seriesBytes(byId.get(s.id)!, s.n);
    if (out.length > 0 && bytes + b > opts.maxBytes) return { series: out, next: last, samples };
    if (b > opts.maxBytes)
      throw new Error(`${LIMIT_ERROR_PREFIX} one series holds more than ${opts.maxBytes} bytes in the time range`);
    samples += s.n;
    if (opts.maxSamples !== undefined && samples > opts.maxSamples)
      throw new Error(
        `${LIMIT_ERROR_PREFIX} more than ${opts.maxSamples} samples in one shard; narrow the selector or the time range`,
      );
    bytes += b;
    last = s.id;
    out.push({
      labels: s.labels,
      timestamps: s.ts.slice(0, s.n),
      // A same-type typed-array slice copies bytes: NaN payloads (stale markers) survive.
      values: s.vs.slice(0, s.n),
    });
  }
  return { series: out, next: null, samples };
}

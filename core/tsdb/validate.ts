// Filter a decoded batch against the ingest limits, keeping every valid sample and describing the rest.
import type { HistogramSeries, SeriesSamples } from "../remote-write/types";
import { checkLabels, checkTimestamp, LIMITS } from "./limits";

export interface Validated {
  series: SeriesSamples[];
  accepted: number;
  rejected: number;
  /** The first few distinct reasons, for the 400 text / partialSuccess message. */
  errors: string[];
}

const MAX_MESSAGES = 5;

export function validateSeries(batch: SeriesSamples[], now: number): Validated {
  const out: Validated = { series: [], accepted: 0, rejected: 0, errors: [] };
  const note = (msg: string) => {
    if (out.errors.length < MAX_MESSAGES && !out.errors.includes(msg)) out.errors.push(msg);
  };
  const latest = now + LIMITS.creationGracePeriodMs;
  for (const s of batch) {
    // An identity shared by requests (the remote_write label-set cache) carries whether its labels passed: a
    // series seen in every request is checked once, not once per request.
    const known = s.identity?.labelsChecked === true;
    const bad = known ? null : checkLabels(s.labels);
    if (!known && !bad && s.identity) s.identity.labelsChecked = true;
    if (bad) {
      out.rejected += s.timestamps.length;
      note(bad);
      continue;
    }
    const ts = s.timestamps;
    // Every sample is usually fine: one tight scan proves it (the same tests as checkTimestamp) before any
    // message is built.
    let fine = 0;
    while (fine < ts.length && ts[fine] <= latest && Number.isSafeInteger(ts[fine])) fine++;
    if (fine === ts.length) {
      out.series.push(s);
      out.accepted += ts.length;
      continue;
    }
    let keep: number[] | null = null;
    for (let i = 0; i < s.timestamps.length; i++) {
      const why = checkTimestamp(s.timestamps[i], now);
      if (why) {
        keep ??= Array.from({ length: i }, (_, j) => j);
        out.rejected++;
        note(`${why} (series ${s.labels.__name__})`);
      } else keep?.push(i);
    }
    if (keep === null) {
      out.series.push(s);
      out.accepted += s.timestamps.length;
    } else if (keep.length > 0) {
      const values = new Float64Array(keep.length);
      const src = new Uint32Array(s.values.buffer, s.values.byteOffset, s.values.length * 2);
      const dst = new Uint32Array(values.buffer);
      keep.forEach((j, i) => {
        dst[2 * i] = src[2 * j];
        dst[2 * i + 1] = src[2 * j + 1];
      });
      const kept: SeriesSamples = { labels: s.labels, timestamps: keep.map((j) => s.timestamps[j]), values };
      if (s.identity) kept.identity = s.identity;
      out.series.push(kept);
      out.accepted += keep.length;
    }
  }
  return out;
}

/** The same limits for native histogram series: labels per series, timestamps per sample. */
export function validateHistograms(
  batch: HistogramSeries[],
  now: number,
): { series: HistogramSeries[]; rejected: number; errors: string[] } {
  const out = { series: [] as HistogramSeries[], rejected: 0, errors: [] as string[] };
  const note = (msg: string) => {
    if (out.errors.length < MAX_MESSAGES && !out.errors.includes(msg)) out.errors.push(msg);
  };
  for (const s of batch) {
    const bad = checkLabels(s.labels);
    if (bad) {
      out.rejected += s.samples.length;
      note(bad);
      continue;
    }
    const samples = s.samples.filter((x) => {
      const why = checkTimestamp(x.t, now);
      if (why) {
        out.rejected++;
        note(`${why} (series ${s.labels.__name__})`);
      }
      return !why;
    });
    if (samples.length > 0) out.series.push(samples.length === s.samples.length ? s : { ...s, samples });
  }
  return out;
}

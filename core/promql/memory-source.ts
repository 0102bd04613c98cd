// An in-memory SeriesSource: the engine's reference store for tests, DDx tests and benchmarks.
import { compareLabels, matchesAll } from "./labels";
import type { LabelMatcher, Labels, RawSeries, SelectHints, SeriesSource } from "./types";
import { upperBound } from "./evaluator";
import type { FloatHistogram } from "../histogram/float-histogram";

interface Stored {
  labels: Labels;
  ts: number[];
  vs: Float64Array;
  n: number;
  /** Index-aligned with `ts` once the series has a histogram sample. */
  hs: (FloatHistogram | undefined)[] | null;
}

export class MemorySource implements SeriesSource {
  private readonly series = new Map<string, Stored>();

  /** Append samples (timestamps ascending per series). Pass values as Float64Array to keep stale markers.
   * Where `histograms[i]` is set, sample i is that native histogram and `values[i]` is ignored. */
  add(
    labels: Labels,
    timestamps: ArrayLike<number>,
    values: ArrayLike<number>,
    histograms?: ArrayLike<FloatHistogram | undefined>,
  ): void {
    const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels: { ...labels }, ts: [], vs: new Float64Array(16), n: 0, hs: null }));
    for (let i = 0; i < timestamps.length; i++) {
      const h = histograms?.[i];
      if (h && !s.hs) s.hs = new Array<FloatHistogram | undefined>(s.n);
      if (s.hs) s.hs.push(h);
      if (s.n === s.vs.length) {
        const grown = new Float64Array(s.vs.length * 2);
        grown.set(s.vs);
        s.vs = grown;
      }
      s.ts.push(timestamps[i]);
      s.vs[s.n++] = values[i];
    }
  }

  get size(): number {
    return this.series.size;
  }

  allLabels(): Labels[] {
    return [...this.series.values()].map((s) => s.labels);
  }

  async select(matchers: LabelMatcher[], hints: SelectHints): Promise<RawSeries[]> {
    const out: RawSeries[] = [];
    for (const s of this.series.values()) {
      if (!matchesAll(matchers, s.labels)) continue;
      const from = upperBound(s.ts, hints.start - 1);
      const to = upperBound(s.ts, hints.end);
      if (from >= to) continue;
      const r: RawSeries = { labels: s.labels, timestamps: s.ts.slice(from, to), values: s.vs.subarray(from, to) };
      if (s.hs) r.histograms = s.hs.slice(from, to);
      out.push(r);
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels));
  }
}

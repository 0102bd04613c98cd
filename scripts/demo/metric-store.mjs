// Cumulative counters and histograms kept by the simulator for the series it sends through remote_write
// (Prometheus semantics: counters only grow, histograms are cumulative `_bucket{le}`, `_sum`, `_count`).
import { BUCKETS } from "./topology.mjs";

/** @typedef {import("./remote-write.mjs").TimeSeries} TimeSeries */

const key = (/** @type {Record<string, string>} */ labels) => JSON.stringify(Object.entries(labels).sort());
const sameBounds = (/** @type {number[]} */ a, /** @type {number[]} */ b) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export class MetricStore {
  constructor() {
    /** `born`: new since the previous snapshot (see snapshot). `dormant`: seeded from an earlier run and not
     * counted in this one yet; not sent until it is.
     * @type {Map<string, { labels: Record<string, string>, value: number, born?: boolean, dormant?: boolean }>} */
    this.counters = new Map();
    /** Time of the previous snapshot: a series born since then gets a 0 there (see snapshot). */
    /** @type {number | null} */
    this.prevT = null;
    /** @type {Map<string, { labels: Record<string, string>, bounds: number[], buckets: number[], sum: number, count: number, born?: boolean, dormant?: boolean }>} */
    this.histograms = new Map();
  }

  /** @param {string} name @param {Record<string, string>} labels @param {number} n */
  add(name, labels, n) {
    const all = { __name__: name, ...labels };
    const k = key(all);
    const c = this.counters.get(k);
    if (c) {
      c.value += n;
      c.dormant = false;
    } else this.counters.set(k, { labels: all, value: n, born: true });
  }

  /** @param {string} name base name (without _bucket/_sum/_count) @param {Record<string, string>} labels @param {number[]} values
   * @param {number[]} [bounds] bucket upper bounds, in the metric's unit */
  observe(name, labels, values, bounds = BUCKETS) {
    const all = { __name__: name, ...labels };
    const k = key(all);
    let h = this.histograms.get(k);
    // A stored series with other bucket bounds (an older run's) starts again, as a restarted process would.
    if (!h || !sameBounds(h.bounds, bounds))
      this.histograms.set(k, (h = { labels: all, bounds, buckets: bounds.map(() => 0), sum: 0, count: 0, born: true }));
    h.dormant = false;
    for (const v of values) {
      h.sum += v;
      h.count++;
      for (let i = 0; i < bounds.length; i++) if (v <= bounds[i]) h.buckets[i]++;
    }
  }

  /** Continue series stored by an earlier run from their stored values (see resume.mjs).
   * @param {import("./metric-store.d.mts").StoredSeries} stored */
  seed(stored) {
    for (const c of stored.counters)
      this.counters.set(key(c.labels), { labels: c.labels, value: c.value, dormant: true });
    for (const h of stored.histograms)
      this.histograms.set(key(h.labels), {
        labels: h.labels,
        bounds: [...h.bounds],
        buckets: [...h.buckets],
        sum: h.sum,
        count: h.count,
        dormant: true,
      });
  }

  /** Every series with one sample at `timestamp` (ms). @param {number} timestamp @returns {TimeSeries[]} */
  snapshot(timestamp) {
    /** @type {TimeSeries[]} */
    const out = [];
    // A counter born between two snapshots was 0 at the earlier one: saying so lets rate() count its first
    // increments (what Prometheus' created-timestamp zero ingestion does), instead of losing them.
    const prev = this.prevT;
    let born = false;
    const one = (/** @type {Record<string, string>} */ labels, /** @type {number} */ value) =>
      out.push({
        labels,
        samples:
          born && prev !== null
            ? [
                { value: 0, timestamp: prev },
                { value, timestamp },
              ]
            : [{ value, timestamp }],
      });
    for (const c of this.counters.values()) {
      if (c.dormant) continue;
      born = !!c.born;
      c.born = false;
      one(c.labels, c.value);
    }
    for (const h of this.histograms.values()) {
      if (h.dormant) continue;
      born = !!h.born;
      h.born = false;
      const { __name__: name, ...rest } = h.labels;
      h.bounds.forEach((le, i) => one({ __name__: `${name}_bucket`, ...rest, le: String(le) }, h.buckets[i]));
      one({ __name__: `${name}_bucket`, ...rest, le: "+Inf" }, h.count);
      one({ __name__: `${name}_sum`, ...rest }, h.sum);
      one({ __name__: `${name}_count`, ...rest }, h.count);
    }
    this.prevT = timestamp;
    return out;
  }
}

/** Merge per-step snapshots into one series list with many samples each (one request per batch of steps).
 * @param {TimeSeries[][]} snapshots @returns {TimeSeries[]} */
export function mergeSnapshots(snapshots) {
  /** @type {Map<string, TimeSeries>} */
  const byKey = new Map();
  for (const snap of snapshots) {
    for (const ts of snap) {
      const k = key(ts.labels);
      const have = byKey.get(k);
      if (have) {
        have.samples.push(...ts.samples);
        if (ts.histograms) (have.histograms ??= []).push(...ts.histograms);
      } else
        byKey.set(k, {
          labels: ts.labels,
          samples: [...ts.samples],
          ...(ts.histograms ? { histograms: [...ts.histograms] } : {}),
        });
    }
  }
  return [...byKey.values()];
}

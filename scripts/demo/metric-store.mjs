// Cumulative counters and histograms kept by the simulator for the series it sends through remote_write
// (Prometheus semantics: counters only grow, histograms are cumulative `_bucket{le}`, `_sum`, `_count`).
import { BUCKETS } from "./topology.mjs";

/** @typedef {import("./remote-write.mjs").TimeSeries} TimeSeries */

const key = (/** @type {Record<string, string>} */ labels) => JSON.stringify(Object.entries(labels).sort());

export class MetricStore {
  constructor() {
    /** @type {Map<string, { labels: Record<string, string>, value: number }>} */
    this.counters = new Map();
    /** @type {Map<string, { labels: Record<string, string>, buckets: number[], sum: number, count: number }>} */
    this.histograms = new Map();
  }

  /** @param {string} name @param {Record<string, string>} labels @param {number} n */
  add(name, labels, n) {
    const all = { __name__: name, ...labels };
    const k = key(all);
    const c = this.counters.get(k);
    if (c) c.value += n;
    else this.counters.set(k, { labels: all, value: n });
  }

  /** @param {string} name base name (without _bucket/_sum/_count) @param {Record<string, string>} labels @param {number[]} values */
  observe(name, labels, values) {
    const all = { __name__: name, ...labels };
    const k = key(all);
    let h = this.histograms.get(k);
    if (!h) this.histograms.set(k, (h = { labels: all, buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (const v of values) {
      h.sum += v;
      h.count++;
      for (let i = 0; i < BUCKETS.length; i++) if (v <= BUCKETS[i]) h.buckets[i]++;
    }
  }

  /** Every series with one sample at `timestamp` (ms). @param {number} timestamp @returns {TimeSeries[]} */
  snapshot(timestamp) {
    /** @type {TimeSeries[]} */
    const out = [];
    const one = (/** @type {Record<string, string>} */ labels, /** @type {number} */ value) =>
      out.push({ labels, samples: [{ value, timestamp }] });
    for (const c of this.counters.values()) one(c.labels, c.value);
    for (const h of this.histograms.values()) {
      const { __name__: name, ...rest } = h.labels;
      BUCKETS.forEach((le, i) => one({ __name__: `${name}_bucket`, ...rest, le: String(le) }, h.buckets[i]));
      one({ __name__: `${name}_bucket`, ...rest, le: "+Inf" }, h.count);
      one({ __name__: `${name}_sum`, ...rest }, h.sum);
      one({ __name__: `${name}_count`, ...rest }, h.count);
    }
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
      if (have) have.samples.push(...ts.samples);
      else byKey.set(k, { labels: ts.labels, samples: [...ts.samples] });
    }
  }
  return [...byKey.values()];
}

// Restarting the demo over the data an earlier run left in Vigil: where the stored history ends, and the last
// value of every counter and histogram series the simulator writes. The backfill then starts after that point
// and continues each series from its stored value. Starting again from zero would write values lower than
// those stored (32,547 after 32,791), which rate() reads as a counter reset: a 17x spike and false alerts.
import { CLIENT_DURATION, RPC_CLIENT_DURATION, SERVER_DURATION } from "./semconv.mjs";
import { SERVICES } from "./topology.mjs";

/** How far back an earlier run's series are looked for. Older data is left alone; a series last seen before
 * that starts from zero again, which reads as the process restart it was. */
export const LOOKBACK = "1d";

export const COUNTER_FAMILIES = [
  ...SERVICES.map((s) => `${s.metric}_http_requests_total`),
  "rpc_client_requests_total",
];
export const HISTOGRAM_FAMILIES = [
  ...SERVICES.map((s) => `${s.metric}_http_request_duration_seconds`),
  `${SERVER_DURATION}_seconds`,
  `${CLIENT_DURATION}_seconds`,
  `${RPC_CLIENT_DURATION}_milliseconds`,
];

/** @typedef {Record<string, string>} Labels */
/** @typedef {{ labels: Labels, value: number }} CounterSeed */
/** @typedef {{ labels: Labels, bounds: number[], buckets: number[], sum: number, count: number }} HistogramSeed */

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A selector matching exactly `labels` (metric and label names outside the legacy charset quoted, as PromQL 3
 * allows). @param {string} name @param {Labels} labels */
export function selector(name, labels) {
  const parts = Object.entries(labels)
    .filter(([k]) => k !== "__name__")
    .map(([k, v]) => `${LEGACY_NAME.test(k) ? k : JSON.stringify(k)}=${JSON.stringify(v)}`);
  return LEGACY_NAME.test(name) ? `${name}{${parts.join(",")}}` : `{${[JSON.stringify(name), ...parts].join(",")}}`;
}

/** @param {import("./api.mjs").VigilApi} api @param {string} q @param {number} at */
async function query(api, q, at) {
  const r = await api.call("GET", `/api/v1/query?query=${encodeURIComponent(q)}&time=${at / 1000}`);
  if (r.status !== 200 || r.body?.status !== "success")
    throw new Error(`query ${q} answered HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  return /** @type {{ metric: Labels, value?: [number, string], values?: [number, string][] }[]} */ (
    r.body.data.result
  );
}

/** Last stored value of every series of `name`. @param {import("./api.mjs").VigilApi} api @param {string} name @param {number} at */
async function lastValues(api, name, at) {
  const rows = await query(api, `last_over_time(${selector(name, {})}[${LOOKBACK}])`, at);
  return rows.map((r) => {
    const { __name__: _drop, ...labels } = r.metric;
    return { labels, value: Number(r.value?.[1]) };
  });
}

/** Timestamp (ms) of the newest stored sample of one series. @param {import("./api.mjs").VigilApi} api @param {string} name @param {Labels} labels @param {number} at */
async function newestSample(api, name, labels, at) {
  const rows = await query(api, `${selector(name, labels)}[${LOOKBACK}]`, at);
  const last = rows[0]?.values?.at(-1);
  return last ? Math.round(last[0] * 1000) : null;
}

/**
 * What an earlier run stored. `newest` is the latest sample time over every family (each family is written in
 * one request per step, so one series of each tells when that family ends), null when there is none.
 * @param {import("./api.mjs").VigilApi} api @param {number} now
 * @returns {Promise<{ newest: number | null, counters: CounterSeed[], histograms: HistogramSeed[] }>}
 */
export async function storedHistory(api, now) {
  let newest = /** @type {number | null} */ (null);
  const later = (/** @type {number | null} */ t) => (t !== null && (newest === null || t > newest) ? t : newest);
  /** @type {CounterSeed[]} */
  const counters = [];
  for (const name of COUNTER_FAMILIES) {
    const rows = await lastValues(api, name, now);
    for (const r of rows) counters.push({ labels: { __name__: name, ...r.labels }, value: r.value });
    if (rows[0]) newest = later(await newestSample(api, name, rows[0].labels, now));
  }
  /** @type {HistogramSeed[]} */
  const histograms = [];
  for (const base of HISTOGRAM_FAMILIES) {
    /** Each series' finite buckets by bound: the bounds are the stored ones, whatever this run would use.
     * @type {Map<string, { h: HistogramSeed, byLe: Map<number, number> }>} */
    const byKey = new Map();
    const seedOf = (/** @type {Labels} */ labels) => {
      const k = JSON.stringify(Object.entries(labels).sort());
      let s = byKey.get(k);
      if (!s)
        byKey.set(
          k,
          (s = {
            h: { labels: { __name__: base, ...labels }, bounds: [], buckets: [], sum: 0, count: 0 },
            byLe: new Map(),
          }),
        );
      return s;
    };
    for (const r of await lastValues(api, `${base}_bucket`, now)) {
      const { le, ...labels } = r.labels;
      if (le !== "+Inf" && Number.isFinite(Number(le))) seedOf(labels).byLe.set(Number(le), r.value);
    }
    for (const r of await lastValues(api, `${base}_sum`, now)) seedOf(r.labels).h.sum = r.value;
    const counts = await lastValues(api, `${base}_count`, now);
    for (const r of counts) seedOf(r.labels).h.count = r.value;
    if (counts[0]) newest = later(await newestSample(api, `${base}_count`, counts[0].labels, now));
    for (const { h, byLe } of byKey.values()) {
      h.bounds = [...byLe.keys()].sort((a, b) => a - b);
      h.buckets = h.bounds.map((b) => byLe.get(b) ?? 0);
      histograms.push(h);
    }
  }
  return { newest, counters, histograms };
}

// Metric DDx over 10,000 series through the API (remote_write, then POST /api/ddx/metrics), beside a plain full
// scan in Node of the same data: the raw samples fetched from Vigil's Prometheus API (what a script written in an
// afternoon would do) and scanned once into per-label=value totals for the window and the baseline, and the same
// scan over samples already in memory. Medians of 5 in the same run; no assertion on time.
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import { seededRng } from "../../core/random";
import type { Api } from "./faults";

const MIN = 60_000;
const SCRAPE = 30_000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

interface Raw {
  labels: Record<string, string>;
  t: number[];
  v: number[];
}

/** 5,000 cells x status 200/500 = 10,000 counters; endpoint /e7 fails from the window's start. */
function dataset(start: number, end: number, windowStart: number, cells: number): Raw[] {
  const rnd = seededRng(10_000);
  const out: Raw[] = [];
  for (let i = 0; i < cells; i++) {
    const cell = {
      __name__: "lat_requests_total",
      scenario: "lat10k",
      region: `r${i % 3}`,
      pod: `pod-${i % 60}`,
      endpoint: `/e${i % 20}`,
      tier: `t${i % 4}`,
      customer: `c${i % 500}`,
      zone: `z${i % 7}`,
    };
    const rps = 0.2 + rnd();
    for (const status of ["200", "500"]) {
      const t: number[] = [];
      const v: number[] = [];
      let total = 0;
      for (let x = start; x <= end; x += SCRAPE) {
        const bad = cell.endpoint === "/e7" && x >= windowStart;
        const rate = status === "500" ? rps * (bad ? 0.1 : 0.005) : rps;
        total += Math.round(rate * (SCRAPE / 1000) * (0.8 + 0.4 * rnd()));
        t.push(x);
        v.push(total);
      }
      out.push({ labels: { ...cell, status }, t, v });
    }
  }
  return out;
}

/** The plain full scan: every sample once, counter increases per side, summed into every label=value. */
export function plainScan(
  series: Raw[],
  window: { start: number; end: number },
  baseline: { start: number; end: number },
) {
  const totals = new Map<string, Float64Array>();
  for (const s of series) {
    const inc = new Float64Array(4); // errors window, errors baseline, traffic window, traffic baseline
    const err = s.labels.status === "500" ? 1 : 0;
    for (let j = 1; j < s.t.length; j++) {
      const d = s.v[j] >= s.v[j - 1] ? s.v[j] - s.v[j - 1] : s.v[j];
      const t = s.t[j];
      const side = t > window.start && t <= window.end ? 0 : t > baseline.start && t <= baseline.end ? 1 : -1;
      if (side < 0) continue;
      inc[2 + side] += d;
      if (err) inc[side] += d;
    }
    for (const k in s.labels) {
      if (k === "__name__" || k === "status") continue;
      const key = `${k}=${s.labels[k]}`;
      let acc = totals.get(key);
      if (!acc) totals.set(key, (acc = new Float64Array(4)));
      for (let x = 0; x < 4; x++) acc[x] += inc[x];
    }
  }
  // The naive share-shift ranking, so the scan ends in an answer.
  const all = new Float64Array(4);
  for (const [k, a] of totals) if (k.startsWith("region=")) for (let x = 0; x < 4; x++) all[x] += a[x];
  return [...totals.entries()]
    .map(([k, a]) => ({ k, s: a[0] / (all[0] || 1) - a[1] / (all[1] || 1) }))
    .sort((x, y) => y.s - x.s)[0]?.k;
}

export async function metricSpeed(api: Api, cells = 5000): Promise<Record<string, number | string>> {
  const end = Math.floor(Date.now() / MIN) * MIN;
  const window = { start: end - 15 * MIN, end };
  const baseline = { start: window.start - 60 * MIN, end: window.start };
  const raw = dataset(baseline.start - 5 * MIN, end, window.start, cells);
  const t = performance.now();
  for (let i = 0; i < raw.length; i += 250) {
    const batch: EncodeSeries[] = raw
      .slice(i, i + 250)
      .map((s) => ({ labels: s.labels, samples: s.t.map((x, j) => ({ t: x, v: s.v[j] })) }));
    const res = await api.fetchRetry(`${api.url}/api/v1/write`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${api.token}`,
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
      },
      body: remoteWriteBody(batch) as unknown as BodyInit,
    });
    if (res.status !== 204) throw new Error(`remote_write: ${res.status} ${await res.text()}`);
  }
  const ingestS = (performance.now() - t) / 1000;
  const auth = { authorization: `Bearer ${api.token}` };
  const ddxMs: number[] = [];
  let ddxTop = "";
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    const res = await api.fetchRetry(`${api.url}/api/ddx/metrics`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        query: 'lat_requests_total{status="500"}',
        window,
        baseline: { mode: "explicit", ...baseline },
        scope: { scenario: "lat10k" },
        changeEvents: false,
      }),
    });
    const body = (await res.json()) as { output?: { ranked: { label: string; value: string }[] }; error?: unknown };
    ddxMs.push(performance.now() - s);
    ddxTop = body.output
      ? `${body.output.ranked[0]?.label}=${body.output.ranked[0]?.value}`
      : JSON.stringify(body.error);
  }
  // The same data fetched as raw samples through the Prometheus API and scanned in Node.
  const fetchMs: number[] = [];
  let fetchedTop: string | undefined;
  let fetched = 0;
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    const q = `lat_requests_total{scenario="lat10k"}[${(end - baseline.start) / 1000 + 60}s]`;
    const res = await api.fetchRetry(
      `${api.url}/api/v1/query?${new URLSearchParams({ query: q, time: String(end / 1000) })}`,
      { headers: auth },
    );
    const body = (await res.json()) as {
      data?: { result: { metric: Record<string, string>; values: [number, string][] }[] };
      error?: string;
    };
    if (!body.data) throw new Error(`raw fetch: ${res.status} ${body.error}`);
    const series = body.data.result.map((x) => ({
      labels: x.metric,
      t: x.values.map((p) => p[0] * 1000),
      v: x.values.map((p) => Number(p[1])),
    }));
    fetchedTop = plainScan(series, window, baseline);
    fetched = series.length;
    fetchMs.push(performance.now() - s);
  }
  const memMs: number[] = [];
  let memTop: string | undefined;
  for (let r = 0; r < 5; r++) {
    const s = performance.now();
    memTop = plainScan(raw, window, baseline);
    memMs.push(performance.now() - s);
  }
  const out = {
    series: raw.length,
    ingestSeconds: ingestS,
    ddxApiMs: median(ddxMs),
    fetchAndScanMs: median(fetchMs),
    inMemoryScanMs: median(memMs),
    ratioToFetchAndScan: median(ddxMs) / median(fetchMs),
    ratioToInMemoryScan: median(ddxMs) / median(memMs),
    ddxTop,
    scanTop: `${fetchedTop} (${fetched} series fetched); in memory ${memTop}`,
  };
  console.log(
    `\nmetric DDx through the API over ${raw.length.toLocaleString("en-US")} series (remote_write in ${ingestS.toFixed(1)} s): POST /api/ddx/metrics median ${out.ddxApiMs.toFixed(0)} ms of 5 (top ${ddxTop}).\n` +
      `  reference, like for like: a plain full scan in Node of the same data fetched as raw samples through /api/v1/query, ${out.fetchAndScanMs.toFixed(0)} ms -> ratio x${out.ratioToFetchAndScan.toFixed(2)} (target <= 2);\n` +
      `  beside the scan alone over samples already in memory in Node (no fetch), ${out.inMemoryScanMs.toFixed(1)} ms -> x${out.ratioToInMemoryScan.toFixed(1)} (DDx through the API also reads every sample out of the shards; the engine's own ratio over in-memory data is printed below); scan's naive top ${out.scanTop}`,
  );
  return out;
}

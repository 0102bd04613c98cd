// Ingest mode: write every scenario through Prometheus remote_write into a real Vigil (wrangler dev on workerd)
// and rank with POST /api/ddx/metrics. Each scenario carries a `scenario` label and is asked for under that
// pinned scope, so one Vigil holds them all. Off unless DDX_BENCH_INGEST=1 (it takes minutes).
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import { cumulative, sampleCounts } from "../../test/fixtures/ddx/synthetic";
import { startVigil } from "../../test/compat/harness";
import { rankMetrics } from "../../core/ddx/metric-ddx";
import type { SynthSeries } from "../../test/fixtures/ddx/synthetic";
import { evaluate, scenarioGrids, type AccuracyReport } from "./accuracy";
import { traceApiLatency } from "./ingest-traces";
import { BASELINE, MIN, WINDOW, type Scenario } from "./generator";

const PORT = 18800;
const SCRAPE_MS = 30_000;

/** wrangler dev reloads when any source file changes (others edit the tree while this runs): retry a dropped
 * connection a few times instead of failing the whole run. */
async function fetchRetry(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      // A request that hangs (a reload mid-request) becomes an error instead of stalling the run.
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(180_000) });
      if (res.status !== 503 || attempt >= 5) return res;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
    await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
  }
}

async function write(url: string, token: string, s: Scenario, seed: number): Promise<void> {
  const sampled = sampleCounts(s.series, BASELINE.start - 10 * MIN, WINDOW.end + 2 * MIN, SCRAPE_MS, seed);
  const series: EncodeSeries[] = [];
  s.series.forEach((x, i) => {
    const total = cumulative(sampled.counts[i]);
    const samples = sampled.timestamps.flatMap((t, j) => (Number.isFinite(total[j]) ? [{ t, v: total[j] }] : []));
    if (samples.length) series.push({ labels: { ...x.labels, scenario: s.id }, samples });
  });
  for (let i = 0; i < series.length; i += 100) {
    const res = await fetchRetry(`${url}/api/v1/write`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/x-protobuf",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "0.1.0",
      },
      body: remoteWriteBody(series.slice(i, i + 100)),
    });
    if (res.status !== 204) throw new Error(`remote_write ${s.id}: ${res.status} ${await res.text()}`);
  }
}

export async function ingestAccuracy(scenarios: Scenario[]): Promise<AccuracyReport | null> {
  if (process.env.DDX_BENCH_INGEST !== "1") return null;
  const vigil = await startVigil({ port: PORT, vars: { METRIC_SHARDS: "4" } });
  try {
    const t = performance.now();
    for (const [i, s] of scenarios.entries()) await write(vigil.url, vigil.token, s, 500 + i);
    console.log(
      `ingest mode: wrote ${scenarios.length} scenarios through /api/v1/write in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const ms: number[] = [];
    const report = await evaluate(scenarios, "ingest", async (s) => {
      const started = performance.now();
      const res = await fetchRetry(`${vigil.url}/api/ddx/metrics`, {
        method: "POST",
        headers: { authorization: `Bearer ${vigil.token}`, "content-type": "application/json" },
        body: JSON.stringify({
          query: s.metric,
          window: WINDOW,
          baseline: { mode: "explicit", ...BASELINE },
          scope: { scenario: s.id },
          top: 20,
          changeEvents: false,
        }),
      });
      ms.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`ddx ${s.id}: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { output: { ranked: { label: string; value: string }[] } };
      return body.output.ranked.map((r) => `${r.label}=${r.value}`);
    });
    ms.sort((a, b) => a - b);
    console.log(
      `ingest mode: POST /api/ddx/metrics median ${ms[ms.length >> 1].toFixed(0)} ms over ${ms.length} scenarios`,
    );
    const big = await bigSeriesLatency(vigil.url, vigil.token);
    const traces = await traceApiLatency(
      vigil.url,
      vigil.token,
      fetchRetry,
      Number(process.env.DDX_BENCH_TRACE_SCALE ?? 2),
    );
    return { ...report, apiMedianMs: ms[ms.length >> 1], api10k: big, apiTraces: traces } as AccuracyReport;
  } finally {
    await vigil.stop();
  }
}

/** 10,000 counter series through the real path: remote_write, then DDx over them (median of 5), beside the
 * in-memory core on the same sampled data. */
async function bigSeriesLatency(url: string, token: string): Promise<Record<string, number>> {
  const series: SynthSeries[] = [];
  for (let i = 0; i < 10_000; i++) {
    const labels = {
      __name__: "lat_errors_total",
      scenario: "lat10k",
      region: `r${i % 3}`,
      pod: `pod-${i % 60}`,
      endpoint: `/e${i % 20}`,
      tier: `t${i % 4}`,
      customer: `c${i % 1000}`,
      zone: `z${i % 7}`,
    };
    series.push({ labels, rate: (t) => (labels.endpoint === "/e7" && t >= WINDOW.start ? 0.2 : 0.05) });
  }
  const s: Scenario = {
    id: "lat10k",
    kind: "bad-endpoint",
    metric: "lat_errors_total",
    culprits: ["endpoint=/e7"],
    series,
    symptomLabels: [],
  };
  const t = performance.now();
  await write(url, token, s, 99);
  const ingestS = (performance.now() - t) / 1000;
  console.log(`ingest mode: wrote 10,000 series in ${ingestS.toFixed(1)} s`);
  const ms: number[] = [];
  let top = "";
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    const res = await fetchRetry(`${url}/api/ddx/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({
        query: "lat_errors_total",
        window: WINDOW,
        baseline: { mode: "explicit", ...BASELINE },
        scope: { scenario: "lat10k" },
        changeEvents: false,
      }),
    });
    ms.push(performance.now() - started);
    const body = (await res.json()) as { output?: { ranked: { label: string; value: string }[] }; error?: unknown };
    top = body.output ? `${body.output.ranked[0]?.label}=${body.output.ranked[0]?.value}` : JSON.stringify(body.error);
  }
  ms.sort((a, b) => a - b);
  const { window, baseline } = scenarioGrids(s, 99);
  const refs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    rankMetrics(window, baseline);
    refs.push(performance.now() - started);
  }
  refs.sort((a, b) => a - b);
  console.log(
    `ingest mode, 10,000 series: wrote in ${ingestS.toFixed(1)} s; POST /api/ddx/metrics median ${ms[2].toFixed(0)} ms (shard reads + gridding + scoring, top ${top}); in-memory core on the same data ${refs[2].toFixed(0)} ms`,
  );
  return { ingestSeconds: ingestS, apiMedianMs: ms[2], inMemoryCoreMedianMs: refs[2] };
}

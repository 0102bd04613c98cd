// Ingest mode of the original generator's scenarios: write every scenario through Prometheus remote_write into
// a real Vigil (wrangler dev on workerd) and rank with POST /api/ddx/metrics. Each scenario carries a `scenario`
// label and is asked for under that pinned scope, so one Vigil holds them all. Off unless DDX_BENCH_INGEST=1.
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import { cumulative, sampleCounts } from "../../test/fixtures/ddx/synthetic";
import { evaluate, type AccuracyReport } from "./accuracy";
import type { Api } from "./faults";
import { BASELINE, MIN, WINDOW, type Scenario } from "./generator";

const SCRAPE_MS = 30_000;

/** wrangler dev reloads when any source file changes (others edit the tree while this runs): retry a dropped
 * connection a few times instead of failing the whole run. */
export async function fetchRetry(url: string, init: RequestInit): Promise<Response> {
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

export async function ingestAccuracy(scenarios: Scenario[], api: Api): Promise<AccuracyReport> {
  const t = performance.now();
  for (const [i, s] of scenarios.entries()) await write(api.url, api.token, s, 500 + i);
  console.log(
    `ingest mode: wrote ${scenarios.length} scenarios through /api/v1/write in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const ms: number[] = [];
  const report = await evaluate(scenarios, "ingest", async (s) => {
    const started = performance.now();
    const res = await fetchRetry(`${api.url}/api/ddx/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
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
  return { ...report, apiMedianMs: ms[ms.length >> 1] } as AccuracyReport;
}

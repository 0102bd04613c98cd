// Metrics at production scale, beside a real Prometheus 2.42 on identical remote_write bytes: ingest
// samples/s of both, then the same range queries (the last hour at a 15 s step) alternating between the two,
// answers compared exactly (test/compat/promql/compare.ts). Prints each query's latency ratio, the median,
// workerd's memory peaks and bytes per sample; writes bench/out/scale-<series>.json. Never asserts on time.
// SCALE_SIZES=10000 npm run bench -- scale   runs one size; SCALE_INGEST_ONLY=1 stops after ingest (the figures
// are printed and written as soon as both ingests end, so a failed query phase does not lose them).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startPrometheus, startVigil } from "../../test/compat/harness";
import { diffData } from "../../test/compat/promql/compare";
import { type ApiResult, promQueryRange } from "../../test/compat/promql/prom-client";
import { benchOut, sized } from "../quick";
import { generate, STEP_MS, type ScaleData } from "./data";
import { heapPeakDuring, resetPeak, rssNow, rssPeak, workerdPids } from "./workerd";

const SIZES = (process.env.SCALE_SIZES ?? sized("10000,100000", "1000")).split(",").map(Number);
const RUNS = sized(5, 1);
const INGEST_ONLY = process.env.SCALE_INGEST_ONLY === "1";

const QUERIES: Record<string, string> = {
  selector: 'scale_requests_total{service="svc-3", endpoint="/api/e3"}',
  rate: 'rate(scale_requests_total{service="svc-3"}[5m])',
  "sum by rate": "sum by (service) (rate(scale_requests_total[5m]))",
  topk: "topk(5, sum by (service, endpoint) (rate(scale_requests_total[5m])))",
  "ratio of sums":
    'sum by (service) (rate(scale_requests_total{status=~"5.."}[5m])) / sum by (service) (rate(scale_requests_total[5m]))',
  count: "count(scale_request_duration_seconds_bucket)",
  histogram_quantile:
    "histogram_quantile(0.99, sum by (service, le) (rate(scale_request_duration_seconds_bucket[5m])))",
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Each queue's bodies in order, all queues in parallel (as Prometheus' remote-write shards send). */
async function ingest(
  url: string,
  headers: Record<string, string>,
  data: ScaleData,
): Promise<{ seconds: number; failures: string[] }> {
  const failures: string[] = [];
  const t0 = performance.now();
  await Promise.all(
    data.queues.map(async (bodies) => {
      for (const body of bodies) {
        for (let attempt = 0; ; attempt++) {
          try {
            const res = await fetch(`${url}/api/v1/write`, {
              method: "POST",
              headers: {
                "content-type": "application/x-protobuf",
                "content-encoding": "snappy",
                "x-prometheus-remote-write-version": "0.1.0",
                ...headers,
              },
              body,
            });
            const text = await res.text();
            if (res.status >= 300 && failures.length < 10) failures.push(`${res.status} ${text.slice(0, 300)}`);
            break;
          } catch (e) {
            // A socket can close under a send (wrangler dev drops idle keep-alive sockets; one CI run saw a bare
            // "fetch failed" here). A resend is harmless: identical samples are no-ops. A server that stays down
            // fails all attempts, and the error names the cause.
            const cause = String((e as { cause?: unknown }).cause ?? e);
            if (attempt < 4) {
              await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
              continue;
            }
            throw new Error(`remote_write to ${url} failed 5 times: ${cause}`);
          }
        }
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, failures };
}

async function timed(f: () => Promise<ApiResult>): Promise<{ ms: number; r: ApiResult }> {
  const t = performance.now();
  const r = await f();
  return { ms: performance.now() - t, r };
}

/** Prometheus' own chunk bytes per sample on the same data: its head written as a block by the admin API's
 * snapshot (the same XOR chunks it holds in memory), chunk segment bytes over the block's sample count. */
async function prometheusStorage(
  url: string,
  dataDir: string,
): Promise<{ samples: number; chunkBytes: number } | null> {
  const res = await fetch(`${url}/api/v1/admin/tsdb/snapshot`, { method: "POST" });
  if (!res.ok) return null;
  const { data } = (await res.json()) as { data: { name: string } };
  const snap = path.join(dataDir, "snapshots", data.name);
  let samples = 0;
  let chunkBytes = 0;
  for (const block of readdirSync(snap)) {
    const meta = JSON.parse(readFileSync(path.join(snap, block, "meta.json"), "utf8")) as {
      stats: { numSamples: number };
    };
    samples += meta.stats.numSamples;
    for (const f of readdirSync(path.join(snap, block, "chunks")))
      chunkBytes += statSync(path.join(snap, block, "chunks", f)).size;
  }
  return samples ? { samples, chunkBytes } : null;
}

const mb = (b: number | null) => (b === null ? "n/a" : `${(b / 1048576).toFixed(0)} MiB`);

async function runSize(target: number, port: number): Promise<void> {
  const end = Math.floor(Date.now() / STEP_MS) * STEP_MS - 60_000;
  const data = generate(target, end);
  console.log(
    `[bench scale] ${data.series} series, ${data.samples} samples, ${data.queues.flat().length} bodies (${mb(data.bytes)} snappy)`,
  );
  const [vigil, prom] = await Promise.all([startVigil({ port }), startPrometheus({ port: port + 1 })]);
  try {
    const pids = workerdPids(vigil.pid?.() ?? -1);
    const p = await ingest(prom.url, {}, data);
    const v = await ingest(vigil.url, { authorization: `Bearer ${vigil.token}` }, data);
    const ingestPeak = rssPeak(pids);
    const ingested = {
      vigilSamplesPerSec: data.samples / v.seconds,
      prometheusSamplesPerSec: data.samples / p.seconds,
      ratio: p.seconds / v.seconds,
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
      failures: { vigil: v.failures, prometheus: p.failures },
    };
    console.log(
      `[bench scale ${data.series}] ingest: Vigil ${ingested.vigilSamplesPerSec.toFixed(0)} samples/s, Prometheus ${ingested.prometheusSamplesPerSec.toFixed(0)} samples/s, ratio ${ingested.ratio.toFixed(2)} (target >= 1.0; load average ${ingested.loadAverage.join(" ")})`,
    );
    writeFileSync(
      benchOut(`scale-${target}-ingest`),
      `${JSON.stringify({ at: new Date().toISOString(), series: data.series, samples: data.samples, ingest: ingested }, null, 2)}\n`,
    );
    expect(v.failures).toEqual([]);
    expect(p.failures).toEqual([]);
    const storage = (await (
      await fetch(`${vigil.url}/api/metrics/storage`, { headers: { authorization: `Bearer ${vigil.token}` } })
    ).json()) as { samples: number; chunkBytes: number; dbBytes?: number; series: number };
    // Every acknowledged sample is stored.
    expect(storage.samples).toBe(data.samples);
    if (INGEST_ONLY) return;
    const rssAfterIngest = rssNow(pids);
    resetPeak(pids);
    const qStart = end - 3_600_000;
    const rows: Record<
      string,
      { vigilMs: number; prometheusMs: number; ratio: number; series: number; error?: string }
    > = {};
    const { heapPeak } = await heapPeakDuring(vigil.inspectorPort ?? port + 50, async () => {
      for (const [name, q] of Object.entries(QUERIES)) {
        const callV = () => promQueryRange(vigil.url, q, qStart, end, STEP_MS, vigil.token);
        const callP = () => promQueryRange(prom.url, q, qStart, end, STEP_MS);
        const [first, ref] = [await timed(callV), await timed(callP)];
        let error: string | undefined;
        if (first.r.status !== "success") error = `Vigil: ${first.r.errorType}: ${first.r.error}`;
        else if (ref.r.status !== "success") error = `Prometheus: ${ref.r.error}`;
        else error = diffData(first.r.data, ref.r.data) ?? undefined;
        const vs: number[] = [];
        const ps: number[] = [];
        for (let i = 0; i < RUNS && !error; i++) {
          vs.push((await timed(callV)).ms);
          ps.push((await timed(callP)).ms);
        }
        const series = ref.r.status === "success" ? (ref.r.data.result as unknown[]).length : 0;
        rows[name] = error
          ? { vigilMs: NaN, prometheusMs: NaN, ratio: NaN, series, error }
          : { vigilMs: median(vs), prometheusMs: median(ps), ratio: median(vs) / median(ps), series };
        const r = rows[name];
        console.log(
          `[bench scale ${data.series}] ${name.padEnd(18)} ${error ? `FAILED ${error.slice(0, 300)}` : `vigil ${r.vigilMs.toFixed(1)} ms  prometheus ${r.prometheusMs.toFixed(1)} ms  ratio ${r.ratio.toFixed(2)}  (${series} series, answers equal)`}`,
        );
      }
    });
    // A reference figure only: a failed snapshot prints "n/a" rather than failing the bench.
    const promStorage = await prometheusStorage(prom.url, prom.dataDir).catch((e) => {
      console.warn(`[bench scale] Prometheus snapshot failed: ${e}`);
      return null;
    });
    const ratios = Object.values(rows)
      .map((r) => r.ratio)
      .filter((x) => !Number.isNaN(x));
    const out = {
      at: new Date().toISOString(),
      series: data.series,
      samples: data.samples,
      bodies: data.queues.flat().length,
      queryRange: { hours: 1, stepS: STEP_MS / 1000 },
      ingest: ingested,
      queries: rows,
      medianLatencyRatio: ratios.length ? median(ratios) : null,
      memory: {
        workerdRssPeakIngest: ingestPeak,
        workerdRssAfterIngest: rssAfterIngest,
        workerdRssPeakQueries: rssPeak(pids),
        heapPeakQueries: heapPeak,
      },
      storage: {
        series: storage.series,
        samples: storage.samples,
        chunkBytes: storage.chunkBytes,
        bytesPerSample: storage.chunkBytes / storage.samples,
        dbBytesPerSample: storage.dbBytes ? storage.dbBytes / storage.samples : null,
        prometheusBytesPerSample: promStorage ? promStorage.chunkBytes / promStorage.samples : null,
      },
    };
    console.log(
      `[bench scale ${data.series}] median latency ratio Vigil/Prometheus ${out.medianLatencyRatio?.toFixed(2) ?? "n/a"} over ${ratios.length}/${Object.keys(QUERIES).length} queries answered identically (target <= 1.0 at 100k)`,
    );
    console.log(
      `[bench scale ${data.series}] workerd memory: RSS peak ${mb(ingestPeak)} during ingest, ${mb(out.memory.workerdRssPeakQueries)} during queries; V8 heap peak ${mb(heapPeak)} during queries`,
    );
    console.log(
      `[bench scale ${data.series}] storage: ${out.storage.bytesPerSample.toFixed(3)} bytes/sample in chunks (target <= 1.37)${out.storage.dbBytesPerSample ? `, ${out.storage.dbBytesPerSample.toFixed(3)} bytes/sample of SQLite in total` : ""} over ${storage.samples} samples; Prometheus ${out.storage.prometheusBytesPerSample?.toFixed(3) ?? "n/a"} bytes/sample in its chunks (head snapshot)`,
    );
    writeFileSync(benchOut(`scale-${target}`), `${JSON.stringify(out, null, 2)}\n`);
    expect(Object.values(rows).filter((r) => r.error)).toEqual([]);
  } finally {
    await Promise.all([vigil.stop(), prom.stop()]);
  }
}

describe("metrics at scale: Vigil vs Prometheus 2.42 on the same remote_write bytes", () => {
  SIZES.forEach((size, i) => {
    it(`${size} series`, () => runSize(size, 18400 + 10 * i), 4 * 60 * 60_000);
  });
});

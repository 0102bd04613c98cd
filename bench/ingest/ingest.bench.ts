// Ingest throughput: the same generated remote_write batches (Prometheus-shaped: one scrape's samples of many
// series per request, up to 2,000 samples each) sent to Vigil (workerd + Durable Objects) and to a real
// Prometheus 2.42 remote-write receiver in the same run, with the same concurrency. Prints samples/s of each,
// the ratio Vigil/Prometheus and bytes per stored sample from the shards, and writes bench/out/ingest.json.
// Never asserts on time.
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import { repoRoot, startPrometheus, startVigil, type Running, type RunningVigil } from "../../test/compat/harness";

const SERIES = 2_000;
const STEPS = 120;
const STEP_MS = 15_000;
const PER_REQUEST = 2_000;
const CONCURRENCY = 4;

let vigil: RunningVigil;
let prom: Running;

beforeAll(async () => {
  vigil = await startVigil({ port: 18203 });
  prom = await startPrometheus({ port: 18221 });
});

afterAll(async () => {
  await prom?.stop();
  await vigil?.stop();
});

/** Scenario-like series: counters with increments, gauges with jitter, histogram buckets. */
function generate(prefix: string): Uint8Array[] {
  const t0 = Date.now() - (STEPS + 2) * STEP_MS;
  const labels = Array.from({ length: SERIES }, (_, i) => ({
    __name__: `${prefix}${["checkout_http_requests_total", "checkout_inflight", "checkout_http_request_duration_seconds_bucket"][i % 3]}`,
    service: "checkout-service",
    environment: "production",
    region: i % 2 ? "us-east-1" : "us-west-2",
    endpoint: ["/v2/process-payment", "/v2/cart", "/v2/checkout"][i % 3],
    pod: `checkout-service-7f8b9c-${(i % 50).toString(36).padStart(5, "0")}`,
    "deployment.version": i % 4 ? "v3.40.2" : "v3.41.0",
    idx: String(i),
  }));
  const state = labels.map((_, i) => i * 10);
  const bodies: Uint8Array[] = [];
  for (let step = 0; step < STEPS; step++) {
    const t = t0 + step * STEP_MS + ((step * 7) % 3);
    let batch: EncodeSeries[] = [];
    labels.forEach((l, i) => {
      if (i % 3 === 1) state[i] = 50 + ((step * 31 + i) % 17) * 0.5;
      else state[i] += (step + i) % 9;
      batch.push({ labels: l, samples: [{ t, v: state[i] }] });
      if (batch.length === PER_REQUEST) {
        bodies.push(remoteWriteBody(batch));
        batch = [];
      }
    });
    if (batch.length) bodies.push(remoteWriteBody(batch));
  }
  return bodies;
}

/** POST once more when a pooled keep-alive socket turns out closed by the server (wrangler dev closes idle
 * ones): a resend is harmless, identical samples are accepted silently. */
async function post(url: string, headers: Record<string, string>, body: Uint8Array): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, { method: "POST", headers, body });
    } catch (e) {
      const cause = String((e as { cause?: unknown }).cause);
      if (attempt < 2 && /other side closed|ECONNRESET/.test(cause)) continue;
      throw new Error(`${url}: ${(e as Error).message} (${cause})`);
    }
  }
}

async function send(url: string, headers: Record<string, string>, bodies: Uint8Array[]): Promise<{ seconds: number; failures: string[] }> {
  const failures: string[] = [];
  let next = 0;
  const start = performance.now();
  // Each worker sends the next body in order: like Prometheus' queue shards, per-series order is preserved
  // because every body holds one timestamp and bodies are dealt out step by step.
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await post(`${url}/api/v1/write`, { "content-type": "application/x-protobuf", "content-encoding": "snappy", "x-prometheus-remote-write-version": "0.1.0", ...headers }, body);
      if (res.status >= 300) failures.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
      else await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { seconds: (performance.now() - start) / 1000, failures };
}

describe("remote_write ingest: Vigil vs Prometheus", () => {
  it("measures samples/s on both and bytes per stored sample", async () => {
    const auth = { authorization: `Bearer ${vigil.token}` };
    // Warm both up (JIT, Durable Object start, TSDB head) with a separate small data set.
    await send(vigil.url, auth, generate("warm_").slice(0, 4));
    await send(prom.url, {}, generate("warm_").slice(0, 4));
    const bodies = generate("");
    const samples = SERIES * STEPS;
    const p = await send(prom.url, {}, bodies);
    const v = await send(vigil.url, auth, bodies);
    const stats = (await (await fetch(`${vigil.url}/api/metrics/storage`, { headers: auth })).json()) as { samples: number; chunkBytes: number; bytesPerSample: number; series: number };
    const out = {
      series: SERIES,
      samples,
      requests: bodies.length,
      samplesPerRequest: PER_REQUEST,
      concurrency: CONCURRENCY,
      vigil: { seconds: v.seconds, samplesPerSec: samples / v.seconds, failures: v.failures.length },
      prometheus: { seconds: p.seconds, samplesPerSec: samples / p.seconds, failures: p.failures.length },
      ratioVigilOverPrometheus: samples / v.seconds / (samples / p.seconds),
      storage: { series: stats.series, samples: stats.samples, chunkBytes: stats.chunkBytes, bytesPerSample: stats.bytesPerSample },
    };
    console.log(
      `ingest: Vigil ${out.vigil.samplesPerSec.toFixed(0)} samples/s, Prometheus ${out.prometheus.samplesPerSec.toFixed(0)} samples/s, ` +
        `ratio ${out.ratioVigilOverPrometheus.toFixed(3)}; ${out.storage.bytesPerSample.toFixed(3)} bytes/sample over ${out.storage.samples} stored samples`,
    );
    mkdirSync(`${repoRoot}/bench/out`, { recursive: true });
    writeFileSync(`${repoRoot}/bench/out/ingest.json`, JSON.stringify(out, null, 2) + "\n");
    expect(v.failures).toEqual([]);
    expect(p.failures).toEqual([]);
    expect(stats.samples).toBe(samples + 4 * PER_REQUEST);
  });
});

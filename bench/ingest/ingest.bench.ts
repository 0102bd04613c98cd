// Ingest throughput: the same generated remote_write batches (Prometheus-shaped: one scrape's samples of many
// series per request, up to 2,000 samples each) sent to Vigil (workerd + Durable Objects) and to a real
// Prometheus 2.42 remote-write receiver in the same run, with the same concurrency. Prints samples/s of each,
// the ratio Vigil/Prometheus and bytes per stored sample from the shards, and writes bench/out/ingest.json.
// Never asserts on time.
import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import { startPrometheus, startVigil, type Running, type RunningVigil } from "../../test/compat/harness";
import { benchOut, sized } from "../quick";

const SERIES = sized(2_000, 200);
const STEPS = sized(120, 20);
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

/** Scenario-like series (counters with increments, gauges with jitter, histogram buckets), split into one
 * queue per sender the way Prometheus' remote-write shards split series by hash: each queue's bodies carry
 * up to 2,000 samples (its series over consecutive scrapes) and are sent in order, so no sample is out of order. */
function generate(prefix: string, steps = STEPS): Uint8Array[][] {
  const t0 = Date.now() - (steps + 2) * STEP_MS;
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
  const values = labels.map((_, i) =>
    Array.from({ length: steps }, (_, step) =>
      i % 3 === 1 ? 50 + ((step * 31 + i) % 17) * 0.5 : i * 10 + step * ((i % 9) + 1),
    ),
  );
  const queues: Uint8Array[][] = Array.from({ length: CONCURRENCY }, () => []);
  const perQueue = SERIES / CONCURRENCY;
  const stepsPerBody = Math.max(1, Math.floor(PER_REQUEST / perQueue));
  for (let q = 0; q < CONCURRENCY; q++) {
    const members = labels.map((_, i) => i).filter((i) => i % CONCURRENCY === q);
    for (let s0 = 0; s0 < steps; s0 += stepsPerBody) {
      const batch: EncodeSeries[] = members.map((i) => ({
        labels: labels[i],
        samples: Array.from({ length: Math.min(stepsPerBody, steps - s0) }, (_, k) => ({
          t: t0 + (s0 + k) * STEP_MS,
          v: values[i][s0 + k],
        })),
      }));
      queues[q].push(remoteWriteBody(batch));
    }
  }
  return queues;
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

/** One sender per queue, all in parallel; returns the wall time of the whole send. */
async function send(
  url: string,
  headers: Record<string, string>,
  queues: Uint8Array[][],
): Promise<{ seconds: number; failures: string[] }> {
  const failures: string[] = [];
  const start = performance.now();
  await Promise.all(
    queues.map(async (bodies) => {
      for (const body of bodies) {
        const res = await post(
          `${url}/api/v1/write`,
          {
            "content-type": "application/x-protobuf",
            "content-encoding": "snappy",
            "x-prometheus-remote-write-version": "0.1.0",
            ...headers,
          },
          body,
        );
        if (res.status >= 300) failures.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
        else await res.arrayBuffer();
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, failures };
}

describe("remote_write ingest: Vigil vs Prometheus", () => {
  it("measures samples/s on both and bytes per stored sample", async () => {
    const auth = { authorization: `Bearer ${vigil.token}` };
    // Warm both up (JIT, Durable Object start, TSDB head) with a separate small data set.
    const warm = generate("warm_", 4);
    await send(vigil.url, auth, warm);
    await send(prom.url, {}, warm);
    const queues = generate("");
    const bodies = queues.flat();
    const samples = SERIES * STEPS;
    const p = await send(prom.url, {}, queues);
    const v = await send(vigil.url, auth, queues);
    const stats = (await (await fetch(`${vigil.url}/api/metrics/storage`, { headers: auth })).json()) as {
      samples: number;
      chunkBytes: number;
      bytesPerSample: number;
      series: number;
    };
    const out = {
      series: SERIES,
      samples,
      requests: bodies.length,
      samplesPerRequest: Math.round(samples / bodies.length),
      concurrency: CONCURRENCY,
      vigil: { seconds: v.seconds, samplesPerSec: samples / v.seconds, failures: v.failures.length },
      prometheus: { seconds: p.seconds, samplesPerSec: samples / p.seconds, failures: p.failures.length },
      ratioVigilOverPrometheus: samples / v.seconds / (samples / p.seconds),
      storage: {
        series: stats.series,
        samples: stats.samples,
        chunkBytes: stats.chunkBytes,
        bytesPerSample: stats.bytesPerSample,
      },
    };
    console.log(
      `ingest: Vigil ${out.vigil.samplesPerSec.toFixed(0)} samples/s, Prometheus ${out.prometheus.samplesPerSec.toFixed(0)} samples/s, ` +
        `ratio ${out.ratioVigilOverPrometheus.toFixed(3)}; ${out.storage.bytesPerSample.toFixed(3)} bytes/sample over ${out.storage.samples} stored samples`,
    );
    writeFileSync(benchOut("ingest"), JSON.stringify(out, null, 2) + "\n");
    expect(v.failures).toEqual([]);
    expect(p.failures).toEqual([]);
    expect(stats.samples).toBe(samples + 4 * SERIES);
  });
});

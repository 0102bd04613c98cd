// The same remote_write body of native histograms (integer counts, delta-encoded, a counter reset, negative and
// zero buckets) posted to a real Prometheus (native histograms enabled) and to Vigil: the stored samples, and what
// histogram functions answer over them, must be what Prometheus answers from its own TSDB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireHistogram } from "../../core/histogram/convert";
import { remoteWriteBody } from "../../core/remote-write/encode";
import { encodeHistogram } from "../../core/remote-write/encode-histogram";
import { startPrometheus, startVigil, type Running, type RunningVigil } from "./harness";

let vigil: RunningVigil;
let prom: Running;

const STEP = 15_000;
const now = Math.floor(Date.now() / STEP) * STEP;
const times = Array.from({ length: 40 }, (_, i) => now - (40 - i) * STEP);

function histogramAt(i: number, pod: number): WireHistogram {
  const k = (i < 25 ? i + 1 : i - 24) * (pod + 2);
  return {
    count: 8 * k, // the buckets: k zero, 2k negative, 5k positive
    sum: 3.25 * k,
    schema: 1,
    zeroThreshold: 0.001,
    zeroCount: k,
    positiveSpans: [
      { offset: -2, length: 2 },
      { offset: 2, length: 2 },
    ],
    positiveDeltas: [k, 0, k, -k],
    negativeSpans: [{ offset: 1, length: 1 }],
    negativeDeltas: [2 * k],
    resetHint: 0,
  };
}

const body = () =>
  remoteWriteBody(
    [0, 1].map((pod) => ({
      labels: { __name__: "compat_rpc_seconds", job: "rpc", pod: `p${pod}` },
      samples: [],
      histograms: times.map((t, i) => encodeHistogram(histogramAt(i, pod), t)),
    })),
  );

async function write(base: string, token?: string) {
  const res = await fetch(`${base}/api/v1/write`, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body(),
  });
  expect(res.status, `${base}: ${await res.text()}`).toBe(204);
}

beforeAll(async () => {
  vigil = await startVigil({ port: 18203 });
  prom = await startPrometheus({ port: 18221, extraArgs: ["--enable-feature=native-histograms"] });
  await write(prom.url);
  await write(vigil.url, vigil.token);
});

afterAll(async () => {
  await prom?.stop();
  await vigil?.stop();
});

async function get<T>(base: string, path: string, auth = true): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: auth ? { authorization: `Bearer ${vigil.token}` } : {} });
  const text = await res.text();
  if (!res.ok) throw new Error(`${base}${path}: ${res.status} ${text}`);
  return (JSON.parse(text) as { data: T }).data;
}

type Result = { metric: Record<string, string> }[];
const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
const byKey = (r: Result) => new Map(r.map((s) => [key(s.metric), s]));

describe("native histograms: Vigil against a real Prometheus, same remote_write body", () => {
  const at = (times[times.length - 1] - 2 * STEP) / 1000;
  for (const q of [
    "compat_rpc_seconds[5m]",
    "compat_rpc_seconds",
    "histogram_count(rate(compat_rpc_seconds[2m]))",
    "histogram_sum(increase(compat_rpc_seconds[5m]))",
    "histogram_quantile(0.9, rate(compat_rpc_seconds[2m]))",
    "histogram_quantile(0.5, sum by (job) (rate(compat_rpc_seconds[2m])))",
    "histogram_fraction(0, 2, compat_rpc_seconds)",
  ]) {
    it(`answers ${q} as Prometheus does`, async () => {
      const path = `/api/v1/query?query=${encodeURIComponent(q)}&time=${at}`;
      const [p, v] = await Promise.all([
        get<{ result: Result }>(prom.url, path, false),
        get<{ result: Result }>(vigil.url, path),
      ]);
      const fromProm = byKey(p.result);
      expect(fromProm.size, JSON.stringify(p)).toBeGreaterThan(0);
      expect([...byKey(v.result).keys()].sort()).toEqual([...fromProm.keys()].sort());
      for (const [k, s] of byKey(v.result)) {
        const want = fromProm.get(k) as { value?: [number, string] };
        const got = s as { value?: [number, string] };
        // histogram_quantile interpolates inside a bucket from its bounds: 2.42 and the 2.53 Vigil follows derive
        // those in a different order, which may differ in the last bit. Everything else must match exactly.
        if (q.startsWith("histogram_quantile") && want.value && got.value) {
          expect(got.value[0], k).toBe(want.value[0]);
          expect(Number(got.value[1]), k).toBeCloseTo(Number(want.value[1]), 12);
        } else expect(s, k).toEqual(want);
      }
    });
  }
});

// Exemplars beside a real Prometheus 2.42 with exemplar storage: the same remote_write 1.0 bodies (exemplars
// in order, repeated, out of order, with odd values and label sets) go to both, and /api/v1/query_exemplars
// must answer the same for every query and range.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { remoteWriteBody, type EncodeSeries } from "../../core/remote-write/encode";
import { startPrometheus, startVigil, type Running, type RunningVigil } from "./harness";

let vigil: RunningVigil;
let prom: Running;
const PROM_PORT = 18481;
const now = Math.floor(Date.now() / 1000) * 1000 - 60_000;

beforeAll(async () => {
  vigil = await startVigil({ port: 18480 });
  prom = await startPrometheus({ port: PROM_PORT, extraArgs: ["--enable-feature=exemplar-storage"] });
});

afterAll(async () => {
  await prom?.stop();
  await vigil?.stop();
});

/** A small deterministic generator (mulberry32): the bodies differ per seed, never tuned by hand. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");
const VALUES = [0, -1.5, 0.001, 1e21, Number.POSITIVE_INFINITY, Number.NaN];

/** Batches over 10 minutes for histogram buckets and counters of a few services. Each batch repeats some of
 * the previous batch's exemplars (a retried send) and slips in older ones (out of order). */
function batches(seed: number): EncodeSeries[][] {
  const r = rng(seed);
  const series: Record<string, string>[] = [];
  // No empty label values in series: Prometheus 2.42 files such a series' samples without the empty label but
  // looks its exemplars up with it, and drops them ("unknown HeadSeriesRef"); Vigil keeps them.
  for (const service of ["checkout", "payment-gateway", "cart"])
    for (const le of ["0.1", "0.5", "+Inf"])
      series.push({
        __name__: "http_server_duration_seconds_bucket",
        service,
        le,
        ...(r() < 0.5 ? { env: "prod" } : {}),
      });
  for (const service of ["checkout", "cart"]) series.push({ __name__: "orders_total", service });
  const out: EncodeSeries[][] = [];
  let prev = new Map<number, EncodeSeries["exemplars"]>();
  for (let b = 0; b < 6; b++) {
    const t0 = now - 600_000 + b * 100_000;
    const next = new Map<number, EncodeSeries["exemplars"]>();
    const batch = series.map((labels, i) => {
      const exemplars: NonNullable<EncodeSeries["exemplars"]> = [...(r() < 0.4 ? (prev.get(i) ?? []) : [])];
      for (let k = 0; k < 1 + Math.floor(r() * 4); k++) {
        const labelsOf: Record<string, string> = { trace_id: hex(r, 32) };
        if (r() < 0.5) labelsOf.span_id = hex(r, 16);
        if (r() < 0.2) labelsOf.empty = "";
        const v = r() < 0.2 ? VALUES[Math.floor(r() * VALUES.length)] : Math.round(r() * 1000) / 1000;
        // Mostly in order; now and then older than what was sent before.
        const t = r() < 0.15 ? t0 - 150_000 : t0 + Math.floor(r() * 90_000);
        exemplars.push({ labels: labelsOf, v, t });
      }
      next.set(i, exemplars.slice(-1));
      return { labels, samples: [{ t: t0 + 95_000, v: b * 10 + i }], exemplars };
    });
    prev = next;
    out.push(batch);
  }
  return out;
}

async function post(base: string, body: Uint8Array, token?: string): Promise<number> {
  const res = await fetch(`${base}/api/v1/write`, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function exemplars(base: string, params: Record<string, string>, token?: string): Promise<unknown> {
  const res = await fetch(`${base}/api/v1/query_exemplars?${new URLSearchParams(params)}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await res.text();
  if (text === "") return { http: res.status, body: "" };
  const body = JSON.parse(text) as { status: string; data?: unknown; errorType?: string };
  return { http: res.status, status: body.status, errorType: body.errorType, data: body.data };
}

describe("query_exemplars against Prometheus 2.42 (exemplar storage on)", () => {
  it("stores the same exemplars from the same remote_write bodies", async () => {
    for (const batch of batches(20261205)) {
      const body = remoteWriteBody(batch);
      expect(await post(prom.url, body)).toBe(204);
      expect(await post(vigil.url, body, vigil.token)).toBe(204);
    }
  });

  const s = (ms: number) => String(ms / 1000);
  const cases: [string, Record<string, string>][] = [
    ["one metric, all time", { query: "orders_total" }],
    [
      "a bucket selector in a range",
      { query: 'http_server_duration_seconds_bucket{le="0.5"}', start: s(now - 400_000), end: s(now - 200_000) },
    ],
    [
      "a regex and a negative matcher",
      { query: '{__name__=~"http_.*",service!="cart"}', start: s(now - 600_000), end: s(now) },
    ],
    [
      "two selectors in one expression",
      { query: 'sum(rate(orders_total[5m])) / sum(rate(http_server_duration_seconds_bucket{service="cart"}[5m]))' },
    ],
    ["an empty-label matcher", { query: 'http_server_duration_seconds_bucket{env=""}' }],
    ["nothing matches", { query: 'orders_total{service="nope"}' }],
    ["no selector at all", { query: "vector(1)" }],
    ["a range with no exemplars", { query: "orders_total", start: s(now + 3_600_000), end: s(now + 7_200_000) }],
    [
      "RFC 3339 times",
      { query: "orders_total", start: new Date(now - 300_000).toISOString(), end: new Date(now).toISOString() },
    ],
    ["a syntax error", { query: "sum(" }],
    ["end before start", { query: "orders_total", start: s(now), end: s(now - 1000) }],
  ];
  for (const [name, params] of cases)
    it(`answers like Prometheus: ${name}`, async () => {
      const want = await exemplars(prom.url, params);
      const got = await exemplars(vigil.url, params, vigil.token);
      expect(got).toEqual(want);
    });

  it("the comparison is not vacuous: Prometheus kept exemplars for several series", async () => {
    const all = (await exemplars(prom.url, { query: '{__name__=~".+"}' })) as { data: { exemplars: unknown[] }[] };
    expect(all.data.length).toBeGreaterThan(5);
    expect(all.data.reduce((n, s) => n + s.exemplars.length, 0)).toBeGreaterThan(30);
  });
});

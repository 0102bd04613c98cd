// A real Prometheus scrapes itself and remote_writes to Vigil (bearer token, metadata included). The series
// and sample values Vigil stored must be exactly those in Prometheus' own TSDB.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrometheus, startVigil, type Running, type RunningVigil } from "./harness";
import { until } from "./poll";

let vigil: RunningVigil;
let prom: Running;
const PROM_PORT = 18220;

beforeAll(async () => {
  vigil = await startVigil({ port: 18202 });
  prom = await startPrometheus({
    port: PROM_PORT,
    config: `
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:${PROM_PORT}"]
remote_write:
  - url: ${vigil.url}/api/v1/write
    authorization:
      credentials: ${vigil.token}
    queue_config:
      batch_send_deadline: 1s
      max_samples_per_send: 2000
    metadata_config:
      send_interval: 2s
`,
  });
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

type Matrix = { metric: Record<string, string>; values: [number, string][] }[];

const SELECTOR =
  '{job="prometheus",__name__=~"up|prometheus_build_info|prometheus_tsdb_head_series|prometheus_http_requests_total"}';

/** Poll until Vigil has at least `n` samples of `up` (a readiness wait, not a timing assertion); returns the
 * timestamp of the newest one. */
function waitForSamples(n: number): Promise<number> {
  return until(
    `${n} samples of up from Prometheus`,
    async () => {
      const m = await get<{ result: Matrix }>(
        vigil.url,
        `/api/v1/query?query=${encodeURIComponent("up[5m]")}&time=${Date.now() / 1000 + 1}`,
      );
      const values = m.result[0]?.values ?? [];
      return values.length >= n ? values[values.length - 1][0] : false;
    },
    { everyMs: 500 },
  );
}

describe("Prometheus remote_write -> Vigil", () => {
  it("stores exactly the series and sample values Prometheus scraped", async () => {
    const newest = await waitForSamples(6);
    // Evaluate both a few scrapes behind the newest sample Vigil has, so every sample in the window was sent.
    const at = newest - 3;
    const q = `/api/v1/query?query=${encodeURIComponent(`${SELECTOR}[5m]`)}&time=${at}`;
    const [fromProm, fromVigil] = await Promise.all([
      get<{ result: Matrix }>(prom.url, q, false),
      get<{ result: Matrix }>(vigil.url, q),
    ]);
    const key = (m: Record<string, string>) => JSON.stringify(Object.entries(m).sort());
    const norm = (r: Matrix) => new Map(r.map((s) => [key(s.metric), s.values]));
    const p = norm(fromProm.result);
    const v = norm(fromVigil.result);
    expect(
      p.size,
      JSON.stringify(fromProm).slice(0, 500) + " vigil: " + JSON.stringify(fromVigil).slice(0, 300),
    ).toBeGreaterThan(3);
    expect([...v.keys()].sort()).toEqual([...p.keys()].sort());
    for (const [k, values] of p) expect(v.get(k), k).toEqual(values);
  });

  it("serves the same series list and the metadata Prometheus sent", async () => {
    const path = `/api/v1/series?match[]=${encodeURIComponent('{__name__="prometheus_build_info"}')}`;
    const [p, v] = await Promise.all([
      get<Record<string, string>[]>(prom.url, path, false),
      get<Record<string, string>[]>(vigil.url, path),
    ]);
    expect(v).toEqual(p);
    const meta = await until(
      "metadata of prometheus_build_info",
      async () => {
        const m = await get<Record<string, { type: string; help: string }[]>>(
          vigil.url,
          "/api/v1/metadata?metric=prometheus_build_info",
        );
        return m.prometheus_build_info ? m : false;
      },
      { everyMs: 500, timeoutMs: 60_000 },
    );
    expect(meta.prometheus_build_info[0]).toMatchObject({ type: "gauge", help: expect.stringMatching(/build/i) });
  });
});

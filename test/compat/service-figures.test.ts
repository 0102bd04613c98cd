// The service page's figures against the metrics, on the demo simulator sampling traces at its usual rate: the
// requests, errors and p99 of checkout-service and payment-gateway that /api/services/graph answers (what the
// service page and the map show) equal those PromQL gives on the services' own counters and histograms (what the
// dashboard and the monitors read) within 5 %, for the incident window and its baseline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServiceGraph } from "../../core/contracts/services";
import { startVigil, type RunningVigil } from "./harness";
import { startSimulator, type RunningSimulator } from "./simulator";

const PORT = 18720;
let vigil: RunningVigil;
let sim: RunningSimulator;

async function api<T>(p: string): Promise<T> {
  const res = await fetch(`${vigil.url}${p}`, { headers: { authorization: `Bearer ${vigil.token}` } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${p} -> ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
async function scalar(query: string, atMs: number): Promise<number> {
  const r = await api<{ data: { result: { value: [number, string] }[] } }>(
    `/api/v1/query?query=${encodeURIComponent(query)}&time=${atMs / 1000}`,
  );
  return r.data.result.length ? Number(r.data.result[0].value[1]) : 0;
}
async function until<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  for (;;) {
    if (sim.process.exitCode !== null) throw new Error(`simulator exited:\n${sim.log()}`);
    const v = await check().catch(() => undefined);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 3000));
  }
}

beforeAll(async () => {
  vigil = await startVigil({ port: PORT });
  // Story time at the wall's pace; the deploy is 10 minutes old, the errors 8: the backfill holds both.
  sim = startSimulator(vigil, {
    at: "incident",
    speed: 1,
    backfill: "16m",
    controlPort: PORT + 1,
    pagerPort: PORT + 2,
  });
  await until(async () => ((await (await fetch(`${sim.control}/status`)).json()) as { live: boolean }).live);
}, 15 * 60_000);
afterAll(async () => {
  await sim?.stop();
  await vigil?.stop();
});

const SERVICES = [
  { name: "checkout-service", metric: "checkout" },
  { name: "payment-gateway", metric: "payment_gateway" },
];

describe("service figures equal the metrics' (demo simulator, traces sampled as usual)", () => {
  it("for the incident and the hour before it, within 5 %", async () => {
    const { events } = (await (await fetch(`${sim.control}/status`)).json()) as {
      events: { kind: string; wallAt: string }[];
    };
    const errorsFrom = Date.parse(events.find((e) => e.kind === "deploy")!.wallAt) + 2 * 60_000;
    // Five minutes of the incident, ending where every exporter has delivered; the baseline just before the deploy.
    const end = await until(async () => {
      const t = Date.now() - 30_000;
      return t - errorsFrom >= 5 * 60_000 ? t : null;
    });
    const windows = [
      { what: "incident", start: end - 5 * 60_000, end },
      { what: "baseline", start: errorsFrom - 2 * 60_000 - 5 * 60_000, end: errorsFrom - 2 * 60_000 },
    ];
    for (const w of windows) {
      const g = await api<ServiceGraph>(
        `/api/services/graph?start=${w.start}&end=${w.end}&scope=environment=production`,
      );
      for (const svc of SERVICES) {
        const node = g.nodes.find((n) => n.id === svc.name)!;
        expect(node.origin, `${svc.name} ${w.what}`).toBe("metrics");
        const range = `${Math.round((w.end - w.start) / 1000)}s`;
        const sel = (extra = "") => `{environment="production"${extra}}`;
        const want = {
          requestsPerMin: 60 * (await scalar(`sum(rate(${svc.metric}_http_requests_total${sel()}[${range}]))`, w.end)),
          errorsPerMin:
            60 *
            (await scalar(`sum(rate(${svc.metric}_http_requests_total${sel(',status=~"5.."')}[${range}]))`, w.end)),
          p99Ms:
            1000 *
            (await scalar(
              `histogram_quantile(0.99, sum by (le) (rate(${svc.metric}_http_request_duration_seconds_bucket${sel()}[${range}])))`,
              w.end,
            )),
        };
        for (const k of ["requestsPerMin", "errorsPerMin", "p99Ms"] as const) {
          const got = node.current[k] ?? 0;
          expect(
            Math.abs(got - want[k]) / Math.max(want[k], 1e-9),
            `${svc.name} ${w.what} ${k}: ${got} vs ${want[k]}`,
          ).toBeLessThan(0.05);
        }
      }
      // The spans the demo samples are a few per second: their raw counts are nowhere near the request rates.
      const pg = g.nodes.find((n) => n.id === "payment-gateway")!;
      expect(pg.current.requestsPerMin).toBeGreaterThan(900);
      if (w.what === "incident") expect(pg.current.errorsPerMin).toBeGreaterThan(200);
    }
  });
});

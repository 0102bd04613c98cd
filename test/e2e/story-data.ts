// The incident as issue 19's browser tests need it, written through Vigil's real ingest APIs: an hour of the
// services' own metrics (the demo's checkout counter and OpenTelemetry semantic-convention histograms), sampled
// traces, a long log line, the deploy change event and the checkout monitor (unit %), which fires on arming.
import type { EncodeSeries } from "../../core/remote-write/encode";
import type { RunningVigil } from "../compat/harness";
import { checkoutTrace, logsJson, randomHex, toOtlpJson } from "../integration/traces-fixtures";
import { checkoutSeries, postJson, remoteWrite } from "./data";

export const DEPLOY = "Deploy: checkout-service v3.41.0";
export const DNS_LOG =
  "payment client: DNS lookup failed for payment-provider.internal: getaddrinfo ENOTFOUND payment-provider.internal (attempt 2/2)";
const STEP = 15_000;
const MIN = 60_000;

/** A cumulative counter over [start, now], `perMin(t)` a minute. */
function counter(
  labels: Record<string, string>,
  start: number,
  now: number,
  perMin: (t: number) => number,
): EncodeSeries {
  const samples: { t: number; v: number }[] = [];
  let v = 0;
  for (let t = start; t <= now; t += STEP) {
    samples.push({ t, v });
    v += (perMin(t) * STEP) / MIN;
  }
  return { labels, samples };
}

/**
 * payment-gateway serves 620 req/min per production region; from `badFrom` on, us-east-1 fails 282 of them a
 * minute after ~4.1 s (the story: ~1,240 req/min, ~290 errors/min, p99 ~4.2 s over both regions). checkout-service
 * serves 2,067 a region. Everything in Vigil's OTLP spelling of http.server.request.duration.
 */
export function semconvSeries(now: number, minutes: number, badFrom: number): EncodeSeries[] {
  const start = now - minutes * MIN;
  const out: EncodeSeries[] = [];
  const name = "http.server.request.duration_seconds";
  for (const region of ["us-east-1", "us-west-2"]) {
    const place = { "deployment.environment.name": "production", "cloud.region": region };
    const bad = (t: number) => region === "us-east-1" && t >= badFrom;
    for (const [svc, total] of [
      ["payment-gateway", 620],
      ["checkout-service", 2067],
    ] as const) {
      const job = `commerce-platform/${svc}`;
      const failing = (t: number) => (svc === "payment-gateway" && bad(t) ? 282 : 4);
      out.push(
        counter(
          { __name__: `${name}_count`, job, ...place, "http.response.status_code": "200" },
          start,
          now,
          (t) => total - failing(t),
        ),
      );
      out.push(
        counter({ __name__: `${name}_count`, job, ...place, "http.response.status_code": "503" }, start, now, failing),
      );
      // Buckets (cumulative): 98% under 150 ms when healthy; the failures land between 4 and 4.5 s.
      for (const [le, share] of [
        ["0.1", 0.8],
        ["0.15", 0.985],
        ["0.2", 0.995],
        ["4", 1],
        ["4.5", 1],
        ["+Inf", 1],
      ] as const) {
        const under = (t: number) => {
          const ok = (total - failing(t)) * share;
          const slow = svc === "payment-gateway" && bad(t) ? (Number(le) >= 4.5 || le === "+Inf" ? 282 : 0) : 4 * share;
          return ok + slow;
        };
        out.push(counter({ __name__: `${name}_bucket`, job, ...place, le }, start, now, under));
      }
    }
  }
  return out;
}

/** The rest of checkout's endpoints, healthy: five series for the request-rate panel's legend. */
function otherEndpoints(now: number, minutes: number): EncodeSeries[] {
  const out: EncodeSeries[] = [];
  for (const region of ["us-east-1", "us-west-2"])
    for (const [endpoint, method, perMin] of [
      ["/v2/cart", "GET", 50],
      ["/v2/cart", "POST", 40],
      ["/v2/checkout", "GET", 30],
      ["/v2/checkout", "POST", 30],
    ] as const)
      out.push(
        counter(
          {
            __name__: "checkout_http_requests_total",
            service: "checkout-service",
            environment: "production",
            region,
            endpoint,
            method,
            status: "200",
          },
          now - minutes * MIN,
          now,
          () => perMin,
        ),
      );
  return out;
}

export interface Seeded {
  now: number;
  deployAt: number;
  monitorId: string;
}

export async function seedStory(vigil: RunningVigil): Promise<Seeded> {
  const now = Date.now();
  const deployAt = now - 22 * MIN;
  const badFrom = deployAt + 2 * MIN;
  await remoteWrite(vigil, [...checkoutSeries(now, 60, 20), ...otherEndpoints(now, 60)]);
  await remoteWrite(vigil, semconvSeries(now, 60, badFrom));
  const spans = [];
  for (let t = now - 58 * MIN, k = 0; t < now - 10_000; t += 20_000, k++)
    spans.push(...checkoutTrace({ traceId: randomHex(16), startMs: t, failing: t >= badFrom && k % 3 === 0 }));
  await postJson(vigil, "/v1/traces", toOtlpJson(spans));
  await postJson(
    vigil,
    "/v1/logs",
    logsJson(
      Array.from({ length: 30 }, (_, i) => ({
        timeMs: badFrom + i * 20_000,
        service: "checkout-service",
        severityNumber: 17,
        severityText: "ERROR",
        body: DNS_LOG,
      })),
    ),
  );
  await postJson(vigil, "/api/change-events", {
    title: DEPLOY,
    source: "ArgoCD",
    category: "deploys",
    type: "deploy",
    happenedAt: deployAt,
    labels: { author: "deploy-bot", region: "us-east-1", service: "checkout-service", environment: "production" },
  });
  const monitor = (await postJson(vigil, "/api/monitors", {
    name: "Checkout error budget burn",
    slug: "checkout-error-budget-burn",
    query:
      'sum by (environment, region) (rate(checkout_http_requests_total{status=~"5.."}[5m])) / sum by (environment, region) (rate(checkout_http_requests_total[5m])) * 100',
    unit: "%",
    intervalSeconds: 15,
    conditions: [{ severity: "critical", operator: ">", threshold: 5, sustain: "3m" }],
    signals: { mode: "labels", keys: ["environment", "region"] },
    annotations: { dashboard: "Commerce Checkout Dashboard" },
  })) as { id: string };
  return { now, deployAt, monitorId: monitor.id };
}

/** Poll an API until `check` answers (the test's timeout bounds the wait). */
export async function until<T>(check: () => Promise<T | undefined | null | false>, everyMs = 1500): Promise<T> {
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function getJson<T>(vigil: RunningVigil, path: string): Promise<T> {
  const res = await fetch(`${vigil.url}${path}`, { headers: { authorization: `Bearer ${vigil.token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

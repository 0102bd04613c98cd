// The checkout incident of SCENARIO.md as synthetic telemetry: metric series (this file) and spans (spans.ts).
// T0 is the bad deploy; v3.41.0 fails /v2/process-payment in us-east-1 from T0+2m.
import type { SynthSeries } from "../synthetic";

export const T0 = Date.UTC(2026, 10, 24, 2, 12, 0);
export const MIN = 60_000;
export const FAULT_AT = T0 + 2 * MIN;

const ENDPOINTS: { endpoint: string; method: string; rps: number }[] = [
  { endpoint: "/v2/process-payment", method: "POST", rps: 5 },
  { endpoint: "/v2/cart", method: "GET", rps: 6 },
  { endpoint: "/v2/cart", method: "POST", rps: 3 },
  { endpoint: "/v2/checkout", method: "POST", rps: 1.5 },
  { endpoint: "/v2/checkout", method: "GET", rps: 1.5 },
];
const PODS: Record<string, string[]> = {
  "us-east-1": ["checkout-service-7f8b9c-a1b2c", "checkout-service-7f8b9c-d3e4f", "checkout-service-7f8b9c-g5h6i"],
  "us-west-2": ["checkout-service-7f8b9c-j7k8l", "checkout-service-7f8b9c-m9n0p", "checkout-service-7f8b9c-q1r2s"],
};
const BASE_ERROR = 0.003;

/** checkout_http_requests_total for both regions and environments (staging at a tenth of the traffic).
 * `t0` moves the deploy (tests that ingest through the API keep it near the real clock). */
export function checkoutRequestSeries(t0 = T0): SynthSeries[] {
  const faultAt = t0 + (FAULT_AT - T0);
  const versionAt = (region: string, t: number) => (region === "us-east-1" && t >= t0 ? "v3.41.0" : "v3.40.2");
  const out: SynthSeries[] = [];
  for (const environment of ["production", "staging"]) {
    const scale = environment === "production" ? 1 : 0.1;
    for (const [region, pods] of Object.entries(PODS)) {
      for (const pod of pods) {
        for (const e of ENDPOINTS) {
          for (const version of ["v3.40.2", "v3.41.0"]) {
            const labels = (status: string) => ({
              __name__: "checkout_http_requests_total",
              service: "checkout-service",
              environment,
              region,
              endpoint: e.endpoint,
              method: e.method,
              status,
              pod,
              "deployment.version": version,
            });
            const live = (t: number) => (environment === "production" ? versionAt(region, t) : "v3.40.2") === version;
            const faulty = (t: number) =>
              environment === "production" &&
              version === "v3.41.0" &&
              e.endpoint === "/v2/process-payment" &&
              t >= faultAt;
            const rps = e.rps * scale;
            if (version === "v3.41.0" && (region !== "us-east-1" || environment !== "production")) continue;
            out.push({
              labels: labels("200"),
              rate: (t) => (live(t) ? rps * (1 - BASE_ERROR - (faulty(t) ? 0.23 : 0)) : null),
            });
            out.push({ labels: labels("500"), rate: (t) => (live(t) ? rps * BASE_ERROR : null) });
            if (e.endpoint === "/v2/process-payment" && version === "v3.41.0") {
              out.push({ labels: labels("503"), rate: (t) => (live(t) && faulty(t) ? rps * 0.23 * 0.85 : null) });
              out.push({ labels: labels("504"), rate: (t) => (live(t) && faulty(t) ? rps * 0.23 * 0.15 : null) });
            }
          }
        }
      }
    }
  }
  return out;
}

/** Apply the pinned scope and the query's matchers the way a SeriesSource would (equality and regex only). */
export function selectSeries(series: SynthSeries[], match: Record<string, string | RegExp>): SynthSeries[] {
  return series.filter((s) =>
    Object.entries(match).every(([k, m]) => (typeof m === "string" ? s.labels[k] === m : m.test(s.labels[k] ?? ""))),
  );
}

// Spans of the checkout incident (SCENARIO.md): checkout-service server spans per endpoint and its payment
// client spans. From FAULT_AT, v3.41.0 in us-east-1 sends 23% of payments through a new client to
// payment-provider.internal:443, which always fails (connection refused after ~4.1 s).
import type { SpanRecord } from "../trace-types";
import { seededRng } from "../../random";
import { poisson } from "../synthetic";
import { FAULT_AT, T0 } from "./checkout";

export interface TimedSpan extends SpanRecord {
  start: number;
  name: string;
  kind: "server" | "client";
}

const PODS: Record<string, string[]> = {
  "us-east-1": ["checkout-service-7f8b9c-a1b2c", "checkout-service-7f8b9c-d3e4f", "checkout-service-7f8b9c-g5h6i"],
  "us-west-2": ["checkout-service-7f8b9c-j7k8l", "checkout-service-7f8b9c-m9n0p", "checkout-service-7f8b9c-q1r2s"],
};
const ROUTES = [
  { route: "/v2/process-payment", method: "POST", rps: 5, ms: 120 },
  { route: "/v2/cart", method: "GET", rps: 6, ms: 30 },
  { route: "/v2/cart", method: "POST", rps: 3, ms: 45 },
  { route: "/v2/checkout", method: "POST", rps: 1.5, ms: 90 },
  { route: "/v2/checkout", method: "GET", rps: 1.5, ms: 40 },
];
const BASE_ERROR = 0.003;

/** All checkout-service spans started in [from, to), `scale` times the scenario's traffic. Deterministic. */
export function* checkoutSpans(from: number, to: number, scale = 1, seed = 11, t0 = T0): Generator<TimedSpan> {
  const faultAt = t0 + (FAULT_AT - T0);
  const rnd = seededRng(seed);
  for (let sec = from; sec < to; sec += 1000) {
    for (const [region, pods] of Object.entries(PODS)) {
      const version = region === "us-east-1" && sec >= t0 ? "v3.41.0" : "v3.40.2";
      const faulty = version === "v3.41.0" && sec >= faultAt;
      for (const pod of pods) {
        const resource = {
          "service.name": "checkout-service",
          "deployment.environment": "production",
          "cloud.region": region,
          "deployment.version": version,
          "k8s.pod.name": pod,
        };
        for (const r of ROUTES) {
          const n = poisson(r.rps * scale, rnd);
          for (let i = 0; i < n; i++) {
            const start = sec + Math.floor(rnd() * 1000);
            const payment = r.route === "/v2/process-payment";
            const newClient = payment && faulty && rnd() < 0.23;
            const baseErr = rnd() < BASE_ERROR;
            const error = newClient || baseErr;
            const duration = newClient ? 4100 + rnd() * 150 : r.ms * (0.5 + rnd());
            const status = newClient ? (rnd() < 0.85 ? "503" : "504") : baseErr ? "500" : "200";
            yield {
              start,
              name: `${r.method} ${r.route}`,
              kind: "server",
              error,
              durationMs: duration,
              attributes: {
                ...resource,
                "http.route": r.route,
                "http.request.method": r.method,
                "http.response.status_code": status,
              },
            };
            if (payment) {
              const peer = newClient ? "payment-provider.internal" : "payment-api.prod.internal";
              yield {
                start: start + 2,
                name: "grpc.PaymentProcessor/ChargeCard",
                kind: "client",
                error: newClient,
                durationMs: newClient ? duration - 5 : r.ms * 0.6 * (0.5 + rnd()),
                attributes: {
                  ...resource,
                  "net.peer.name": peer,
                  "server.address": `${peer}:443`,
                  "rpc.method": "ChargeCard",
                },
              };
            }
          }
        }
      }
    }
  }
}

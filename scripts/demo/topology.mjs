// The system of SCENARIO.md: services, pods, endpoints, versions and the figures the story quotes.

export const ENVIRONMENTS = /** @type {const} */ (["production", "staging"]);
export const REGIONS = /** @type {const} */ (["us-east-1", "us-west-2"]);
export const GOOD_VERSION = "v3.40.2";
export const BAD_VERSION = "v3.41.0";
export const BAD_REGION = "us-east-1";
export const BAD_ENVIRONMENT = "production";
export const HEALTHY_PROVIDER = "payment-api.prod.internal";
export const BAD_PROVIDER = "payment-provider.internal";
/** OTel `service.namespace`; Vigil's OTLP mapping makes `job="commerce-platform/<service>"` of it. */
export const NAMESPACE = "commerce-platform";
export const CHARGE_OPERATION = "grpc.PaymentProcessor/ChargeCard";

/** Story delays (simulated ms): pods pass readiness 2 min after the deploy; a rollback completes in 1 min. */
export const READY_DELAY_MS = 2 * 60_000;
export const ROLLBACK_DELAY_MS = 60_000;

/** Staging sees a twentieth of production's traffic. */
export const ENV_WEIGHT = { production: 1, staging: 0.05 };

/**
 * @typedef {{ endpoint: string, method: string, share: number, ok: string, median: number, p99: number,
 *   calls: string[] }} Endpoint
 * @typedef {{ name: string, metric: string, version: (env: string, region: string, bad: boolean) => string,
 *   perRegionPerMin: number, baseError: number, pods: Record<string, string[]>, endpoints: Endpoint[] }} Service
 */

/** Fixed pod names: `checkout-service-7f8b9c-<5 chars>`, three per region (staging has its own). */
const checkoutPods = {
  "production/us-east-1": [
    "checkout-service-7f8b9c-k2x9p",
    "checkout-service-7f8b9c-m4q7z",
    "checkout-service-7f8b9c-t8w3n",
  ],
  "production/us-west-2": [
    "checkout-service-7f8b9c-a5c2r",
    "checkout-service-7f8b9c-h9v6d",
    "checkout-service-7f8b9c-p3j8s",
  ],
  "staging/us-east-1": [
    "checkout-service-7f8b9c-s1e4b",
    "checkout-service-7f8b9c-s6f2g",
    "checkout-service-7f8b9c-s9k5l",
  ],
  "staging/us-west-2": [
    "checkout-service-7f8b9c-w2m7q",
    "checkout-service-7f8b9c-w4n1x",
    "checkout-service-7f8b9c-w8r3y",
  ],
};

/** Two pods per region for the other services, suffixes derived from the place so names are stable. */
function podsOf(/** @type {string} */ service, /** @type {string} */ hash) {
  /** @type {Record<string, string[]>} */
  const out = {};
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let n = 7;
  for (const env of ENVIRONMENTS) {
    for (const region of REGIONS) {
      out[`${env}/${region}`] = [0, 1].map(() => {
        let s = "";
        for (let i = 0; i < 5; i++) s += alphabet[(n = (n * 31 + service.length * 7 + i) % 997) % alphabet.length];
        return `${service}-${hash}-${s}`;
      });
    }
  }
  return out;
}

/** @type {Service[]} */
export const SERVICES = [
  {
    name: "frontend",
    metric: "frontend",
    version: () => "v1.18.4",
    perRegionPerMin: 2067,
    baseError: 0.002,
    pods: podsOf("frontend", "6c4d8f"),
    endpoints: [
      {
        endpoint: "/checkout",
        method: "POST",
        share: 1,
        ok: "200",
        median: 0.16,
        p99: 0.55,
        calls: ["checkout-service"],
      },
    ],
  },
  {
    name: "checkout-service",
    metric: "checkout",
    version: (env, region, bad) =>
      bad && env === BAD_ENVIRONMENT && region === BAD_REGION ? BAD_VERSION : GOOD_VERSION,
    // /v2/process-payment is 30% of 2,067 req/min per production region = 620 -> payment-gateway ~1,240 req/min;
    // 23% of it failing then makes the whole service ~7.2% (0.3 x 23% + 0.7 x 0.3%).
    perRegionPerMin: 2067,
    baseError: 0.003,
    pods: checkoutPods,
    endpoints: [
      {
        endpoint: "/v2/process-payment",
        method: "POST",
        share: 0.3,
        ok: "200",
        median: 0.11,
        p99: 0.32,
        calls: ["payment-gateway"],
      },
      {
        endpoint: "/v2/cart",
        method: "GET",
        share: 0.3,
        ok: "200",
        median: 0.03,
        p99: 0.12,
        calls: ["inventory-service"],
      },
      {
        endpoint: "/v2/cart",
        method: "POST",
        share: 0.15,
        ok: "201",
        median: 0.05,
        p99: 0.18,
        calls: ["inventory-service"],
      },
      {
        endpoint: "/v2/checkout",
        method: "GET",
        share: 0.1,
        ok: "200",
        median: 0.04,
        p99: 0.15,
        calls: ["order-service"],
      },
      {
        endpoint: "/v2/checkout",
        method: "POST",
        share: 0.15,
        ok: "201",
        median: 0.09,
        p99: 0.3,
        calls: ["inventory-service", "order-service"],
      },
    ],
  },
  {
    name: "payment-gateway",
    metric: "payment_gateway",
    version: () => "v2.7.1",
    perRegionPerMin: 620,
    baseError: 0.0065, // ~8 errors/min at 1,240 req/min
    pods: podsOf("payment-gateway", "5d9c7b"),
    endpoints: [
      {
        endpoint: "/v1/charge",
        method: "POST",
        share: 1,
        ok: "200",
        median: 0.06,
        p99: 0.18,
        calls: [HEALTHY_PROVIDER],
      },
    ],
  },
  {
    name: "inventory-service",
    metric: "inventory",
    version: () => "v5.2.0",
    perRegionPerMin: 1240, // cart GET + cart POST + checkout POST = 60% of checkout
    baseError: 0.001,
    pods: podsOf("inventory-service", "84b2e1"),
    endpoints: [{ endpoint: "/v1/stock", method: "GET", share: 1, ok: "200", median: 0.012, p99: 0.05, calls: [] }],
  },
  {
    name: "order-service",
    metric: "order",
    version: () => "v4.9.3",
    perRegionPerMin: 517, // checkout GET + POST = 25% of checkout
    baseError: 0.002,
    pods: podsOf("order-service", "9a7e3c"),
    endpoints: [{ endpoint: "/v1/orders", method: "POST", share: 1, ok: "201", median: 0.035, p99: 0.14, calls: [] }],
  },
];

export const SERVICE_BY_NAME = Object.fromEntries(SERVICES.map((s) => [s.name, s]));

/** Histogram bucket bounds (seconds): fine around the baseline p99 and around the ~4.1 s failures. */
export const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 3, 4, 4.5, 5, 8, 10];
